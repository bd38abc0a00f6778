package dev.eventbus.core;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;

/**
 * What the deliveries that hand an invocation to the bus executor share: the in-flight accounting, the overflow
 * policy when the executor refuses, and what an executor that fails otherwise, with an exception or an {@code Error},
 * means (that listener's failure, the emit goes on).
 */
abstract class HandOffDelivery implements Delivery {

    final Executor executor;

    final OverflowStrategy overflow;

    final InFlightInvocations inFlight;

    /** The emitter's listener-run block, which the invocations it hands off run through. */
    final ListenerRunner runner;

    HandOffDelivery(Executor executor, OverflowStrategy overflow, InFlightInvocations inFlight,
            ListenerRunner runner) {
        this.executor = executor;
        this.overflow = overflow;
        this.inFlight = inFlight;
        this.runner = runner;
    }

    @Override
    public final void deliver(Invocation given) {
        TrackedInvocation invocation = TrackedInvocation.of(given);
        invocation.handedOffBy(this);
        try {
            if (this.inFlight.accept(invocation)) {
                handOff(invocation);
            }
        }
        catch (AsyncOverflowException ex) {
            throw ex;
        }
        catch (RuntimeException | Error ex) {
            // an executor that fails otherwise than by refusing: this listener's failure, reported like any async
            // failure; the emit goes on. An Error too (OutOfMemoryError: unable to create native thread): it is the
            // executor's, raised before the listener ran, and says nothing about the emitting thread, which goes on
            // with the next listener as it would after any failure of an async one (docs/reliability.md)
            if (invocation.discard()) {
                try {
                    this.runner.failedBeforeRun(invocation, ex);
                }
                finally {
                    invocation.release();
                }
            }
        }
    }

    /** Hands an accepted invocation to the executor (through {@link #submit}). */
    abstract void handOff(TrackedInvocation invocation);

    /** Runs an invocation the executor refused on the emitting thread (overflow policy caller-runs). */
    abstract void runOnCaller(TrackedInvocation invocation);

    /** Goes on after one of its invocations ended, or was found discarded when its turn came. */
    void afterRun() {
    }

    /** Whether a refused invocation has run meanwhile, by other means than the executor taking it. */
    boolean ranMeanwhile(TrackedInvocation invocation) {
        return false;
    }

    /** Takes back a refused invocation that will not run. */
    void withdraw(TrackedInvocation invocation) {
    }

    /** Gives the executor a task of this invocation; on refusal, applies the overflow policy. */
    final void submit(TrackedInvocation invocation, Runnable task) {
        try {
            this.executor.execute(task);
        }
        catch (RejectedExecutionException rejected) {
            this.overflow.refused(invocation, task, this, rejected);
        }
    }

    /**
     * Fails the emit for a refused invocation, unless it has run meanwhile (then it was not refused after all).
     * @throws AsyncOverflowException naming the event, the listener and the reason
     */
    final void refuse(TrackedInvocation invocation, String reason, RejectedExecutionException cause) {
        if (!invocation.discard()) {
            return;
        }
        withdraw(invocation);
        invocation.instruments.rejected(OverflowAction.FAILED);
        invocation.release();
        throw new AsyncOverflowException(invocation.name, invocation.registration.info.id(), reason, cause);
    }

}
