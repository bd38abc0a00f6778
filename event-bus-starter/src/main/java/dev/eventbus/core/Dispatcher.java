package dev.eventbus.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.eventbus.core.EmitInterceptor.ListenerRun;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;

/**
 * The emit path: finds the plan of a name, walks it in order, and gives each listener to its {@link Delivery} (or,
 * for a direct listener, calls it in the loop itself). Lock-free and allocation-free in the steady state.
 */
final class Dispatcher {

    private final ListenerRegistry registry;

    private final EventInstrumentCache instruments;

    private final ListenerRunner runner;

    private final FailureRouter failures;

    private final boolean timed;

    /** Told about every emit and listener run; null when there is none, or only decorate-only ones. */
    private final @Nullable EmitInterceptor interceptor;

    private volatile int maxDepth = DefaultEmitter.DEFAULT_MAX_DEPTH;

    /** The id of this instance, the origin of every event it emits. */
    private volatile String origin = EventIds.next();

    Dispatcher(ListenerRegistry registry, EventInstrumentCache instruments, ListenerRunner runner,
            FailureRouter failures, boolean timed, @Nullable EmitInterceptor interceptor) {
        this.registry = registry;
        this.instruments = instruments;
        this.runner = runner;
        this.failures = failures;
        this.timed = timed;
        this.interceptor = interceptor;
    }

    String getOrigin() {
        return this.origin;
    }

    void setOrigin(String origin) {
        this.origin = origin;
    }

    int getMaxDepth() {
        return this.maxDepth;
    }

    void setMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("Max depth must be positive, but was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    /** Emits the emitter's own events, which removing listeners still announces once the emitter is closed. */
    boolean emitOwn(String event, @Nullable Object... args) {
        return emit(this.registry.state(), event, args);
    }

    /**
     * Emits against a registry version: the emitter's front reads it (and refuses emits once closed), one load fewer
     * on the way to a plan than reading it through the registry (docs/benchmarks.md, "The engine split").
     */
    boolean emit(RegistryState state, String event, @Nullable Object[] args) {
        DispatchPlan plan = state.planFor(event, this.instruments);
        EmitChain chain = EmitChain.enter(event, this.maxDepth);
        try {
            if (this.interceptor != null) {
                return emitIntercepted(this.interceptor, plan, event, args);
            }
            return emit(plan, event, args);
        }
        finally {
            chain.exit();
        }
    }

    /**
     * Dispatches with the arguments as {@code (single, all)} (see {@link EmittedArguments}): an emit of one argument
     * passes its array to no one, so that the JIT, inlining this into the caller, need not allocate it.
     */
    private boolean emit(DispatchPlan plan, String event, @Nullable Object @Nullable [] args) {
        if (!plan.handled) {
            if (plan.error) {
                monitorUnhandled(plan, args);
                throw FailureRouter.propagate(FailureRouter.unhandledError(args));
            }
            plan.eventInstruments.emitted(EmitOutcome.UNHANDLED);
            return false;
        }
        if (args != null && args.length == 1) {
            dispatch(plan, event, args[0], null);
        }
        else {
            dispatch(plan, event, null, EmittedEvent.snapshot(args));
        }
        return true;
    }

    private boolean emitIntercepted(EmitInterceptor interceptor, DispatchPlan plan, String event,
            @Nullable Object[] args) {
        EmitInterceptor.EmitScope scope = interceptor.emitStarted(event, args, false);
        EmitOutcome outcome = plan.handled ? EmitOutcome.DELIVERED : EmitOutcome.UNHANDLED;
        Throwable failure = null;
        try {
            return emit(plan, event, args);
        }
        catch (RuntimeException | Error ex) {
            failure = ex;
            if (outcome == EmitOutcome.DELIVERED) {
                outcome = EmitOutcome.FAILED;
            }
            throw ex;
        }
        finally {
            scope.close(outcome, failure);
        }
    }

    /**
     * Emits {@code "error"} for a failure with no caller, against the registry version the router checked. When only
     * error monitors listen, they run and the failure stays unhandled, for the router to log.
     * @see FailureRouter#withoutCaller
     */
    void emitError(RegistryState state, Object[] errorArgs) {
        DispatchPlan errorPlan = state.planFor(EmitterEvents.ERROR, this.instruments);
        if (!errorPlan.handled) {
            EmitInterceptor.EmitScope scope = (this.interceptor != null)
                    ? this.interceptor.emitStarted(EmitterEvents.ERROR, errorArgs, false) : null;
            Throwable failure = null;
            try {
                monitorUnhandled(errorPlan, errorArgs);
            }
            catch (RuntimeException | Error ex) {
                failure = ex;
                throw ex;
            }
            finally {
                if (scope != null) {
                    scope.close((failure != null) ? EmitOutcome.FAILED : EmitOutcome.UNHANDLED, failure);
                }
            }
        }
        else if (this.interceptor != null) {
            emitIntercepted(this.interceptor, errorPlan, EmitterEvents.ERROR, errorArgs);
        }
        else {
            dispatch(errorPlan, EmitterEvents.ERROR, null, errorArgs);
        }
    }

    /**
     * Runs the error monitors of an {@code "error"} emit that no listener handles, and records it as unhandled; a
     * monitor's failure propagates, as a sync listener's does, and the emit is recorded as failed.
     */
    private void monitorUnhandled(DispatchPlan errorPlan, @Nullable Object @Nullable [] args) {
        if (errorPlan.monitors > 0) {
            EmittedEvent event = EmittedEvent.of(EmitterEvents.ERROR, args, this.origin);
            try {
                for (int i = 0; i < errorPlan.monitors; i++) {
                    deliver(errorPlan.registrations[i], errorPlan.instruments[i], event, null);
                }
            }
            catch (Throwable ex) {
                errorPlan.eventInstruments.emitted(EmitOutcome.FAILED);
                if (errorPlan.durable != null) {
                    DurableEmitEnd.signalAfter(errorPlan.durable, ex);
                }
                throw FailureRouter.propagate(ex);
            }
            if (errorPlan.durable != null) {
                try {
                    DurableEmitEnd.signal(errorPlan.durable);
                }
                catch (Throwable ex) {
                    errorPlan.eventInstruments.emitted(EmitOutcome.FAILED);
                    throw FailureRouter.propagate(ex);
                }
            }
        }
        errorPlan.eventInstruments.emitted(EmitOutcome.UNHANDLED);
    }

    /**
     * Calls a non-empty plan's listeners on this thread, propagating a sync listener's failure. The event is created
     * before the first listener that needs it, if any does. With metrics on, the clock read that ends a direct
     * listener's run also starts the next one's.
     * <p>
     * A direct listener's run is written out here, a specialised copy of {@link ListenerRunner#run} (whose helpers
     * it shares for a failure and a returned stage), on purpose: at more than 325 bytes of bytecode (HotSpot's
     * {@code FreqInlineSize}), this method is compiled on its own instead of into {@link #emit(String, Object[])},
     * which keeps the compiled emit small enough to be inlined into its callers, where the JIT then drops the varargs
     * array of a one-argument emit; and the loop shares one clock read between two runs. docs/benchmarks.md ("The
     * direct run") has the figures of this copy against a call to the runner.
     */
    private void dispatch(DispatchPlan plan, String name, @Nullable Object single, @Nullable Object @Nullable [] all) {
        Registration[] registrations = plan.registrations;
        ListenerInstruments[] instruments = plan.instruments;
        ListenerRunner runner = this.runner;
        EmitInterceptor interceptor = this.interceptor;
        boolean timed = this.timed;
        EmittedEvent event = null;
        long clock = 0L;
        boolean clockRead = false;
        try {
            for (int i = 0; i < registrations.length; i++) {
                Registration registration = registrations[i];
                if (registration.needsEvent && event == null) {
                    event = new EmittedEvent(name, single, all, this.origin);
                }
                if (!registration.direct) {
                    deliver(registration, instruments[i], event, name, single, all, null);
                    clockRead = false;
                    continue;
                }
                ListenerInvoker invoker = registration.invoker;
                ListenerRun run = null;
                if (interceptor != null) {
                    invoker.checkArguments(name, single, all);
                    run = interceptor.listenerStarted(name, registration.info);
                }
                else if (!registration.checksOnFailure) {
                    invoker.checkArguments(name, single, all);
                }
                long start = 0L;
                if (timed) {
                    start = clockRead ? clock : System.nanoTime();
                }
                Object result;
                try {
                    result = invoker.invokeDirectly(event, single, all);
                }
                catch (Throwable ex) {
                    if (run == null && registration.checksOnFailure) {
                        // a wrong argument failed the call before the listener ran: reported as the check reports it,
                        // untimed, as if checked first
                        invoker.checkArguments(name, single, all);
                    }
                    throw runner.failed(registration, instruments[i], name, start, run, ex);
                }
                if (run != null) {
                    run.returned();
                }
                if (result instanceof CompletionStage<?> stage) {
                    // the event outlives the emit only here: created now if the listener did not need it, and then
                    // the one the later listeners of this emit get
                    if (event == null) {
                        event = new EmittedEvent(name, single, all, this.origin);
                    }
                    runner.awaitStage(stage, registration, instruments[i], event, start, null, null, run);
                    clockRead = false;
                    continue;
                }
                if (timed) {
                    clock = System.nanoTime();
                    instruments[i].succeeded(clock - start);
                }
                if (run != null) {
                    run.finished(null);
                }
                // an interceptor's work between two runs is no listener's time
                clockRead = timed && run == null;
            }
            if (plan.durable != null) {
                DurableEmitEnd.signal(plan.durable);
            }
        }
        catch (Throwable ex) {
            plan.eventInstruments.emitted(EmitOutcome.FAILED);
            if (plan.durable != null) {
                // what the listeners before the failure gave a durable delivery is written all the same (an
                // earlier failure to write finds nothing left)
                DurableEmitEnd.signalAfter(plan.durable, ex);
            }
            throw FailureRouter.propagate(ex);
        }
        plan.eventInstruments.emitted(EmitOutcome.DELIVERED);
    }

    CompletableFuture<Void> emitAsync(RegistryState state, String event, @Nullable Object[] args) {
        DispatchPlan plan = state.planFor(event, this.instruments);
        EmitChain chain = EmitChain.enter(event, this.maxDepth);
        try {
            return emitAsync(plan, event, args);
        }
        finally {
            chain.exit();
        }
    }

    private CompletableFuture<Void> emitAsync(DispatchPlan plan, String event, @Nullable Object[] args) {
        if (plan.isEmpty()) {
            plan.eventInstruments.emitted(EmitOutcome.UNHANDLED);
            Throwable failure = EmitterEvents.ERROR.equals(event) ? FailureRouter.unhandledError(args) : null;
            if (this.interceptor != null) {
                this.interceptor.emitStarted(event, args, true).close(EmitOutcome.UNHANDLED, failure);
            }
            return (failure != null) ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(null);
        }
        EmitInterceptor.EmitScope scope = (this.interceptor != null) ? this.interceptor.emitStarted(event, args, true)
                : null;
        EmittedEvent emitted = EmittedEvent.of(event, args, this.origin);
        AsyncOutcome outcome = new AsyncOutcome();
        Registration[] registrations = plan.registrations;
        EmitOutcome emitOutcome = EmitOutcome.DELIVERED;
        Throwable failure = null;
        try {
            for (int i = 0; i < registrations.length; i++) {
                deliver(registrations[i], plan.instruments[i], emitted, outcome);
            }
            if (plan.durable != null) {
                DurableEmitEnd.signal(plan.durable);
            }
        }
        catch (Throwable ex) {
            // deliver() wraps checked exceptions; an Error goes to the future too, as emitAsync never throws for it
            emitOutcome = EmitOutcome.FAILED;
            failure = ex;
            if (plan.durable != null) {
                DurableEmitEnd.signalAfter(plan.durable, ex);
            }
            outcome.failed(ex);
        }
        if (!plan.handled && failure == null) {
            // "error" with error monitors alone: they have run, and the error is still unhandled
            emitOutcome = EmitOutcome.UNHANDLED;
            failure = FailureRouter.unhandledError(args);
            outcome.failed(failure);
        }
        plan.eventInstruments.emitted(emitOutcome);
        if (scope != null) {
            scope.close(emitOutcome, failure);
        }
        return outcome.completion();
    }

    private void deliver(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            @Nullable AsyncOutcome outcome) throws Throwable {
        deliver(registration, instruments, event, event.name(), event.single(), event.all(), outcome);
    }

    /**
     * Binds and checks the condition (or only checks the arguments of a listener invoked directly), claims a call of
     * a limited listener, then runs an inline listener or hands the invocation to the listener's delivery; all on
     * the emitting thread, at the listener's turn. The event is {@code null} when no listener so far needed it and
     * this one does not either ({@link Registration#needsEvent}): its invocation carries the arguments.
     */
    private void deliver(Registration registration, ListenerInstruments instruments, @Nullable EmittedEvent event,
            String name, @Nullable Object single, @Nullable Object @Nullable [] all, @Nullable AsyncOutcome outcome)
            throws Throwable {
        ListenerInvoker invoker = registration.invoker;
        Object[] bound = null;
        try {
            if (registration.binds) {
                EmittedEvent needed = Objects.requireNonNull(event);
                bound = invoker.bind(needed);
                if (!invoker.accepts(needed, bound)) {
                    return;
                }
            }
            else {
                invoker.checkArguments(name, single, all);
            }
        }
        catch (Throwable ex) {
            if (!registration.async) {
                throw ex;
            }
            this.failures.withoutCaller(registration,
                    (event != null) ? event : new EmittedEvent(name, single, all, this.origin), ex, outcome);
            return;
        }
        if (registration.limited) {
            int left = registration.claim();
            if (left < 0) {
                return;
            }
            if (left == 0) {
                this.registry.remove(registration.siblings());
            }
        }
        if (registration.inline) {
            // what InlineDelivery does, without creating an invocation for it
            this.runner.run(registration, instruments, Objects.requireNonNull(event), Objects.requireNonNull(bound),
                    outcome);
            return;
        }
        TrackedInvocation invocation = (event != null)
                ? TrackedInvocation.of(registration, instruments, event, bound, outcome, this.runner)
                : TrackedInvocation.withoutEvent(registration, instruments, name, single, all, this.origin, outcome,
                        this.runner);
        try {
            registration.delivery.deliver(invocation);
        }
        catch (Throwable ex) {
            // a delivery that fails before running or handing off its invocation: forget it, so that an emitAsync
            // future does not wait for it (the engine's own deliveries release what they refuse themselves)
            if (invocation.discard()) {
                invocation.release();
            }
            throw ex;
        }
    }

}
