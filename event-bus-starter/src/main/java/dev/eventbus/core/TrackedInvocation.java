package dev.eventbus.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 * It is the one object a hand-off allocates (docs/benchmarks.md), so every field counts: it carries the emitted name
 * and arguments itself, and the listener's {@link Event} only when one exists already (a listener of the emit takes
 * it) or someone asks for it ({@link #event()}); what only some invocations have (bound arguments, an
 * {@code emitAsync} part, a decorated task) shares one field; the clock reading of a timed emitter is a subclass's.
 */
class TrackedInvocation implements Invocation, Runnable {

    /** {@link #state} once its work has ended. (Queued is {@code null}, running is the thread running it.) */
    private static final Object FINISHED = new Object();

    /** {@link #state} when it will not run: refused by the overflow policy, or abandoned at shutdown. */
    private static final Object DISCARDED = new Object();

    private static final VarHandle STATE;

    private static final VarHandle EVENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(TrackedInvocation.class, "state", Object.class);
            EVENT = lookup.findVarHandle(TrackedInvocation.class, "event", Object.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Registration registration;

    final ListenerInstruments instruments;

    /** The emitted name. */
    final String name;

    /** The one argument, when {@link #all} is {@code null} (see {@link EmittedArguments}). */
    final @Nullable Object single;

    /** Every argument (the emit's snapshot, shared with its event), or {@code null} for exactly {@link #single}. */
    final @Nullable Object @Nullable [] all;

    /**
     * The event once it exists: an {@link EmittedEvent}; until then the id of the emitting instance (a
     * {@code String}), from which {@link #event()} makes it. Changed only by {@link #EVENT}.
     */
    private Object event;

    /**
     * What only some invocations carry, {@code null} for none: the bound arguments of a listener that is not invoked
     * directly ({@code Object[]}), the {@code emitAsync} part ({@link AsyncOutcome.Part}), the task decorated by the
     * interceptors (a {@code Runnable}), or an {@link Extras} holding more than one of them.
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

    TrackedInvocation(Registration registration, ListenerInstruments instruments, String name, @Nullable Object single,
            @Nullable Object @Nullable [] all, Object eventOrOrigin, @Nullable Object @Nullable [] bound,
            @Nullable AsyncOutcome outcome, ListenerRunner runner) {
        this.registration = registration;
        this.instruments = instruments;
        this.name = name;
        this.single = single;
        this.all = all;
        this.event = eventOrOrigin;
        this.carrier = runner;
        AsyncOutcome.Part done = (outcome != null) ? outcome.newPart() : null;
        Runnable task = runner.decorate(this);
        this.extra = Extras.of(bound, done, (task != this) ? task : null);
    }

    /**
     * An invocation with its event.
     * @param bound the bound arguments, or {@code null} when the listener is invoked directly (see
     * {@link ListenerDefinition.ListenerInvoker#invokesDirectly()})
     */
    static TrackedInvocation of(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            @Nullable Object @Nullable [] bound, @Nullable AsyncOutcome outcome, ListenerRunner runner) {
        return runner.timed
                ? new Timed(System.nanoTime(), registration, instruments, event.name(), event.single(), event.all(),
                        event, bound, outcome, runner)
                : new TrackedInvocation(registration, instruments, event.name(), event.single(), event.all(), event,
                        bound, outcome, runner);
    }

    /**
     * An invocation of a listener invoked directly that does not take the event, when no event has been made for
     * the emit: its event is made only if someone asks for it.
     */
    static TrackedInvocation withoutEvent(Registration registration, ListenerInstruments instruments, String name,
            @Nullable Object single, @Nullable Object @Nullable [] all, String origin, @Nullable AsyncOutcome outcome,
            ListenerRunner runner) {
        return runner.timed
                ? new Timed(System.nanoTime(), registration, instruments, name, single, all, origin, null, outcome,
                        runner)
                : new TrackedInvocation(registration, instruments, name, single, all, origin, null, outcome, runner);
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

    /**
     * The event; made now if the invocation was created without one (its listener does not take it, and no
     * listener before it in the emit did). Made at most once, so that every caller gets the same one; made on
     * demand, it has an id of its own, as no listener of the emit received an event.
     */
    @Override
    public EmittedEvent event() {
        Object current = EVENT.getAcquire(this);
        if (current instanceof EmittedEvent known) {
            return known;
        }
        EmittedEvent created = new EmittedEvent(this.name, this.single, this.all, (String) current);
        Object witness = EVENT.compareAndExchangeRelease(this, current, created);
        return (witness == current) ? created : (EmittedEvent) witness;
    }

    /** The event if it exists, without making it. */
    @Nullable EmittedEvent eventIfAny() {
        return (EVENT.getAcquire(this) instanceof EmittedEvent known) ? known : null;
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

    /** Calls the listener: with its bound arguments, or directly with the emitted ones. */
    @Nullable Object invoke() throws Throwable {
        Object extra = this.extra;
        Object[] bound = (extra instanceof Object[] array) ? array : (extra instanceof Extras extras) ? extras.bound
                : null;
        if (bound != null) {
            return this.registration.invoker.invoke(event(), bound);
        }
        return this.registration.invoker.invokeDirectly(eventIfAny(), this.single, this.all);
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
            finished = runner().run(this, false);
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
            finished = runner().run(this, true);
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
        return "Invocation[" + this.registration.info.id() + " on " + this.name + "]";
    }

    /** The invocation of a timed emitter: it knows when it was created, for the wait of an async listener. */
    private static final class Timed extends TrackedInvocation {

        private final long emittedAt;

        /** @param emittedAt the clock's reading when the invocation was created, taken first */
        Timed(long emittedAt, Registration registration, ListenerInstruments instruments, String name,
                @Nullable Object single, @Nullable Object @Nullable [] all, Object eventOrOrigin,
                @Nullable Object @Nullable [] bound, @Nullable AsyncOutcome outcome, ListenerRunner runner) {
            super(registration, instruments, name, single, all, eventOrOrigin, bound, outcome, runner);
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
