package dev.eventbus.core;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link Invocation}: one listener's invocation for one event, from its delivery to the end of its work,
 * with a state changed by compare-and-set so that it runs at most once and a shutdown can discard it while it waits.
 * Handed off, it is also the executor's task (or an ordered lane's item) and the node of {@link InFlightInvocations}'
 * list of unfinished work.
 */
final class TrackedInvocation implements Invocation, Runnable {

    private static final int QUEUED = 0;

    private static final int RUNNING = 1;

    private static final int FINISHED = 2;

    /** It will not run: refused by the overflow policy, or abandoned at shutdown. */
    private static final int DISCARDED = 3;

    private static final AtomicIntegerFieldUpdater<TrackedInvocation> STATE = AtomicIntegerFieldUpdater
        .newUpdater(TrackedInvocation.class, "state");

    final Registration registration;

    final ListenerInstruments instruments;

    final EmittedEvent event;

    private final Object[] bound;

    /** When it was created, for the wait of an async listener; {@code 0} when nothing is timed. */
    final long emittedAt;

    /** Its part of the {@code emitAsync} future (which knows the outcome), completed when its work ends; null for a
     * plain emit. */
    final AsyncOutcome.@Nullable Part done;

    private final ListenerRunner runner;

    /** What an executor runs: this invocation, decorated by the interceptors on the emitting thread. */
    final Runnable task;

    /**
     * The delivery that handed it off, which accounts for it and goes on after it (an ordered lane); null until then.
     * Written before it is handed to another thread.
     */
    private @Nullable HandOffDelivery handOff;

    private volatile int state = QUEUED;

    /**
     * The thread running it, written by that thread as it starts: read only by a thread asking whether it runs this
     * invocation itself (a shutdown from inside a listener), which then sees its own write.
     */
    private @Nullable Thread runningOn;

    /** The neighbours in {@link InFlightInvocations}' list of unfinished invocations, guarded by its lock. */
    @Nullable TrackedInvocation previous;

    @Nullable TrackedInvocation following;

    TrackedInvocation(Registration registration, ListenerInstruments instruments, EmittedEvent event, Object[] bound,
            @Nullable AsyncOutcome outcome, ListenerRunner runner) {
        this.registration = registration;
        this.instruments = instruments;
        this.event = event;
        this.bound = bound;
        this.emittedAt = runner.timed ? System.nanoTime() : 0L;
        this.done = (outcome != null) ? outcome.newPart() : null;
        this.runner = runner;
        this.task = runner.decorate(this);
    }

    /**
     * The engine's invocation behind one a delivery received.
     * @throws IllegalArgumentException when a delivery passed on an invocation of its own making
     */
    static TrackedInvocation of(Invocation invocation) {
        if (invocation instanceof TrackedInvocation tracked) {
            return tracked;
        }
        throw new IllegalArgumentException("The engine's deliveries take the invocation the engine created, but got "
                + invocation.getClass().getName() + ": a delivery that wraps another must pass its invocation on");
    }

    @Override
    public Event event() {
        return this.event;
    }

    @Override
    public ListenerInfo listener() {
        return this.registration.info;
    }

    /** The {@code emitAsync} outcome it belongs to, or {@code null} for a plain emit. */
    @Nullable AsyncOutcome outcome() {
        return (this.done != null) ? this.done.outcome : null;
    }

    void handedOffBy(HandOffDelivery handOff) {
        this.handOff = handOff;
    }

    boolean isQueued() {
        return this.state == QUEUED;
    }

    boolean isRunning() {
        return this.state == RUNNING;
    }

    /** Whether the calling thread is running this invocation (a listener closing the emitter it runs for). */
    boolean isRunningOnThisThread() {
        return this.runningOn == Thread.currentThread() && this.state == RUNNING;
    }

    /**
     * Makes sure this invocation never runs.
     * @return whether it had not started (the caller then owns its {@link #release()})
     */
    boolean discard() {
        return STATE.compareAndSet(this, QUEUED, DISCARDED);
    }

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
            // discarded while it waited in a queue
            if (this.handOff != null) {
                this.handOff.afterRun();
            }
            return;
        }
        this.runningOn = Thread.currentThread();
        if (this.handOff != null) {
            this.handOff.inFlight.started();
        }
        boolean finished = true;
        try {
            finished = this.runner.run(this.registration, this.instruments, this.event, this.bound, outcome(), this,
                    false);
        }
        catch (Throwable ex) {
            // a run without a caller routes its failures and throws none
            throw FailureRouter.propagate(ex);
        }
        finally {
            if (finished) {
                finish();
            }
        }
    }

    @Override
    public void call() throws Throwable {
        if (!STATE.compareAndSet(this, QUEUED, RUNNING)) {
            return;
        }
        this.runningOn = Thread.currentThread();
        boolean finished = true;
        try {
            finished = this.runner.run(this.registration, this.instruments, this.event, this.bound, outcome(), this,
                    true);
        }
        finally {
            if (finished) {
                finish();
            }
        }
    }

    @Override
    public void withdraw() {
        if (discard()) {
            release();
        }
    }

    /** Ends a run: releases the invocation, then lets its delivery go on (an ordered lane runs its next one). */
    void finish() {
        this.state = FINISHED;
        release();
        if (this.handOff != null) {
            this.handOff.afterRun();
        }
    }

    /** Forgets the invocation: its pending count, its shutdown tracking and its {@code emitAsync} part. */
    void release() {
        if (this.handOff != null) {
            this.handOff.inFlight.released(this);
        }
        if (this.done != null) {
            this.done.complete(null);
        }
    }

    @Override
    public String toString() {
        return "Invocation[" + this.registration.info.id() + " on " + this.event.name() + "]";
    }

}
