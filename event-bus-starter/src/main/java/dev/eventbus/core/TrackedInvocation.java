package dev.eventbus.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link Invocation}: one listener's invocation for one event, from its delivery to the end of its work,
 * with a state changed by compare-and-set so that it runs at most once and a shutdown can discard it while it waits.
 * Handed off, it is also the executor's task (or an ordered lane's item) and the node of {@link InFlightInvocations}'
 * list of unfinished work.
 * <p>
 * It is allocated per hand-off (docs/benchmarks.md), so every field counts: what only some invocations have (an
 * {@code emitAsync} part, a decorated task, the bound arguments) shares one field; the clock reading of a timed
 * emitter is a subclass's.
 */
class TrackedInvocation implements Invocation, Runnable {

    /** {@link #state} once its work has ended. (Queued is {@code null}, running is the thread running it.) */
    private static final Object FINISHED = new Object();

    /** {@link #state} when it will not run: refused by the overflow policy, or abandoned at shutdown. */
    private static final Object DISCARDED = new Object();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TrackedInvocation.class, "state", Object.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Registration registration;

    final ListenerInstruments instruments;

    final EmittedEvent event;

    /**
     * What not every invocation carries, {@code null} for none: the bound arguments ({@code Object[]}), the
     * {@code emitAsync} part ({@link AsyncOutcome.Part}), the task decorated by the interceptors (a
     * {@code Runnable}), or an {@link Extras} holding more than one of them.
     */
    private final @Nullable Object extra;

    /**
     * The {@link ListenerRunner} until the invocation is handed off; then the {@link HandOffDelivery} that did it,
     * which accounts for it, goes on after it (an ordered lane) and holds the same runner. Written before the
     * invocation is handed to another thread.
     */
    private Object carrier;

    /**
     * {@code null} while queued, the thread running it while it runs (so that a shutdown from inside a listener
     * knows its own invocations), then {@link #FINISHED} or {@link #DISCARDED}. Changed by {@link #STATE}.
     */
    private volatile @Nullable Object state;

    /** The neighbours in {@link InFlightInvocations}' list of unfinished invocations, guarded by its lock. */
    @Nullable TrackedInvocation previous;

    @Nullable TrackedInvocation following;

    TrackedInvocation(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            Object[] bound, @Nullable AsyncOutcome outcome, ListenerRunner runner) {
        this.registration = registration;
        this.instruments = instruments;
        this.event = event;
        this.carrier = runner;
        AsyncOutcome.Part done = (outcome != null) ? outcome.newPart() : null;
        Runnable task = runner.decorate(this);
        this.extra = Extras.of(bound, done, (task != this) ? task : null);
    }

    /** An invocation, timed when its runner is. */
    static TrackedInvocation of(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            Object[] bound, @Nullable AsyncOutcome outcome, ListenerRunner runner) {
        return runner.timed ? new Timed(System.nanoTime(), registration, instruments, event, bound, outcome, runner)
                : new TrackedInvocation(registration, instruments, event, bound, outcome, runner);
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

    /** When it was created, for the wait of an async listener; {@code 0} when nothing is timed. */
    long emittedAt() {
        return 0L;
    }

    /** Its part of the {@code emitAsync} future (which knows the outcome); {@code null} for a plain emit. */
    AsyncOutcome.@Nullable Part done() {
        Object extra = this.extra;
        return (extra instanceof AsyncOutcome.Part part) ? part : (extra instanceof Extras extras) ? extras.done : null;
    }

    /** The {@code emitAsync} outcome it belongs to, or {@code null} for a plain emit. */
    @Nullable AsyncOutcome outcome() {
        AsyncOutcome.Part done = done();
        return (done != null) ? done.outcome : null;
    }

    /** What an executor runs: this invocation, decorated by the interceptors on the emitting thread. */
    Runnable task() {
        Object extra = this.extra;
        if (extra instanceof Runnable task) {
            return task;
        }
        return (extra instanceof Extras extras && extras.task != null) ? extras.task : this;
    }

    /** The bound arguments. */
    Object[] bound() {
        Object extra = this.extra;
        return (extra instanceof Object[] array) ? array : ((Extras) Objects.requireNonNull(extra)).bound;
    }

    ListenerRunner runner() {
        Object carrier = this.carrier;
        return (carrier instanceof HandOffDelivery handOff) ? handOff.runner : (ListenerRunner) carrier;
    }

    /** The delivery that handed it off, or {@code null} until then (or when none did). */
    @Nullable HandOffDelivery handOff() {
        return (this.carrier instanceof HandOffDelivery handOff) ? handOff : null;
    }

    void handedOffBy(HandOffDelivery handOff) {
        assert handOff.runner == runner() : "handed off by another emitter's delivery";
        this.carrier = handOff;
    }

    boolean isQueued() {
        return this.state == null;
    }

    boolean isRunning() {
        return this.state instanceof Thread;
    }

    /** Whether the calling thread is running this invocation (a listener closing the emitter it runs for). */
    boolean isRunningOnThisThread() {
        return this.state == Thread.currentThread();
    }

    /**
     * Makes sure this invocation never runs.
     * @return whether it had not started (the caller then owns its {@link #release()})
     */
    boolean discard() {
        return STATE.compareAndSet(this, null, DISCARDED);
    }

    @Override
    public void run() {
        HandOffDelivery handOff = handOff();
        if (!STATE.compareAndSet(this, null, Thread.currentThread())) {
            // discarded while it waited in a queue
            if (handOff != null) {
                handOff.afterRun();
            }
            return;
        }
        if (handOff != null) {
            handOff.inFlight.started();
        }
        boolean finished = true;
        try {
            finished = runner().run(this.registration, this.instruments, this.event, bound(), outcome(), this,
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
        if (!STATE.compareAndSet(this, null, Thread.currentThread())) {
            return;
        }
        boolean finished = true;
        try {
            finished = runner().run(this.registration, this.instruments, this.event, bound(), outcome(), this,
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
        HandOffDelivery handOff = handOff();
        if (handOff != null) {
            handOff.afterRun();
        }
    }

    /** Forgets the invocation: its pending count, its shutdown tracking and its {@code emitAsync} part. */
    void release() {
        HandOffDelivery handOff = handOff();
        if (handOff != null) {
            handOff.inFlight.released(this);
        }
        AsyncOutcome.Part done = done();
        if (done != null) {
            done.complete(null);
        }
    }

    @Override
    public String toString() {
        return "Invocation[" + this.registration.info.id() + " on " + this.event.name() + "]";
    }

    /** The invocation of a timed emitter: it knows when it was created, for the wait of an async listener. */
    private static final class Timed extends TrackedInvocation {

        private final long emittedAt;

        /** @param emittedAt the clock's reading when the invocation was created, taken first */
        Timed(long emittedAt, Registration registration, ListenerInstruments instruments, EmittedEvent event,
                Object[] bound, @Nullable AsyncOutcome outcome, ListenerRunner runner) {
            super(registration, instruments, event, bound, outcome, runner);
            this.emittedAt = emittedAt;
        }

        @Override
        long emittedAt() {
            return this.emittedAt;
        }

    }

    /** More than one of the things an invocation rarely carries (see {@link #extra}). */
    private record Extras(@Nullable Object @Nullable [] bound, AsyncOutcome.@Nullable Part done,
            @Nullable Runnable task) {

        /** The one that is not {@code null}, itself; {@code null} for none; an {@code Extras} for more. */
        static @Nullable Object of(@Nullable Object @Nullable [] bound, AsyncOutcome.@Nullable Part done,
                @Nullable Runnable task) {
            int present = ((bound != null) ? 1 : 0) + ((done != null) ? 1 : 0) + ((task != null) ? 1 : 0);
            if (present > 1) {
                return new Extras(bound, done, task);
            }
            return (bound != null) ? bound : (done != null) ? done : task;
        }

    }

}
