package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.Emitter;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInfo;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.Subscription;
import dev.eventbus.UnhandledErrorException;
import dev.eventbus.core.EmitInterceptor.ListenerRun;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The engine's {@link Emitter}: a copy-on-write registry whose per-name dispatch plans make an emit lock-free and
 * free of pattern matching in the steady state. Async invocations the executor refuses are handled by the
 * {@link AsyncOverflowPolicy} of its {@link AsyncSettings}; ordered listeners get their invocations one at a time;
 * {@link #close()} refuses further emits and drains the accepted async work.
 */
public final class DefaultEmitter implements Emitter, AutoCloseable {

    /** The default {@link #setMaxDepth(int) maximum depth} of nested emits on one thread. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final Log logger = LogFactory.getLog(DefaultEmitter.class);

    /** The longest an emitting thread waits for room before it tries the executor again. */
    private static final long MAX_ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The ordered lane this thread is running inline because the executor refused its next step; rarely set. */
    private static final ThreadLocal<Object> INLINE_LANE = new ThreadLocal<>();

    private final Object lock = new Object();

    private final Executor executor;

    private final EmitterInstrumentation instrumentation;

    private final boolean timed;

    private final AnnotatedListenerScanner scanner;

    /** Told about every emit and listener run; null when there is none, or only decorate-only ones. */
    private final @Nullable EmitInterceptor interceptor;

    /** Wraps the task of every async hand-off; null when no interceptor is installed. */
    private final @Nullable EmitInterceptor decorator;

    private final AsyncSettings asyncSettings;

    private final AtomicInteger pendingAsync = new AtomicInteger();

    /** The async invocations accepted and not finished: what a shutdown waits for, and names when it cannot. */
    private final Set<AsyncInvocation> inFlight = ConcurrentHashMap.newKeySet();

    private final RoomSignal room = new RoomSignal();

    private final Object closeLock = new Object();

    private final Object drainSignal = new Object();

    /** Set when closing starts: emits are refused from then on. */
    private volatile boolean closed;

    /** Set when closing has drained what it could: whatever is still accepted after that is reported at once. */
    private volatile boolean terminated;

    private int unfinishedAtShutdown;

    private final Statistics statistics = new Statistics();

    /** Instruments resolved once per emitted name and reused by every plan built for it. */
    private final Map<String, EventInstruments> eventInstruments = new ConcurrentHashMap<>();

    private final Function<String, EventInstruments> instrumentsResolver = this::eventInstruments;

    private final Set<String> leakWarnings = new HashSet<>();

    /**
     * Registrations per name or pattern, in first-registration order; guarded by {@link #lock}. Kept here rather
     * than copied into every registry version, so that registering n listeners one by one costs O(n), not O(n²).
     */
    private final Map<String, Integer> countsByPattern = new LinkedHashMap<>();

    private volatile RegistryState state = RegistryState.empty();

    private volatile int maxListeners;

    private volatile int maxDepth = DEFAULT_MAX_DEPTH;

    private long headPosition;

    private long tailPosition;

    /**
     * Creates an emitter.
     * @param executor where async listeners run
     * @param maxListeners the leak-warning threshold, {@code 0} for unlimited
     * @param instrumentation the metrics hook, {@link EmitterInstrumentation#NONE} for none
     * @param scanner turns {@code @On} methods into listener definitions for {@link #register(Object)}
     */
    public DefaultEmitter(Executor executor, int maxListeners, EmitterInstrumentation instrumentation,
            AnnotatedListenerScanner scanner) {
        this(executor, maxListeners, instrumentation, scanner, null);
    }

    /**
     * Creates an emitter that also tells an interceptor about every emit and listener run.
     * @param executor where async listeners run
     * @param maxListeners the leak-warning threshold, {@code 0} for unlimited
     * @param instrumentation the metrics hook, {@link EmitterInstrumentation#NONE} for none
     * @param scanner turns {@code @On} methods into listener definitions for {@link #register(Object)}
     * @param interceptor the interceptor (see {@link EmitInterceptor#of}), or {@code null} or
     * {@link EmitInterceptor#NONE} for none
     */
    public DefaultEmitter(Executor executor, int maxListeners, EmitterInstrumentation instrumentation,
            AnnotatedListenerScanner scanner, @Nullable EmitInterceptor interceptor) {
        this(executor, maxListeners, instrumentation, scanner, interceptor, AsyncSettings.DEFAULTS);
    }

    /**
     * Creates an emitter with its own overflow policy and shutdown timeout for async listeners.
     * @param executor where async listeners run
     * @param maxListeners the leak-warning threshold, {@code 0} for unlimited
     * @param instrumentation the metrics hook, {@link EmitterInstrumentation#NONE} for none
     * @param scanner turns {@code @On} methods into listener definitions for {@link #register(Object)}
     * @param interceptor the interceptor (see {@link EmitInterceptor#of}), or {@code null} for none
     * @param asyncSettings what to do when the executor refuses an invocation, and how long closing waits
     */
    public DefaultEmitter(Executor executor, int maxListeners, EmitterInstrumentation instrumentation,
            AnnotatedListenerScanner scanner, @Nullable EmitInterceptor interceptor, AsyncSettings asyncSettings) {
        Assert.notNull(executor, "Executor must not be null");
        Assert.notNull(instrumentation, "EmitterInstrumentation must not be null");
        Assert.notNull(scanner, "AnnotatedListenerScanner must not be null");
        Assert.notNull(asyncSettings, "AsyncSettings must not be null");
        this.executor = executor;
        this.asyncSettings = asyncSettings;
        this.instrumentation = instrumentation;
        this.timed = instrumentation.isEnabled();
        this.scanner = scanner;
        EmitInterceptor installed = (interceptor != EmitInterceptor.NONE) ? interceptor : null;
        this.interceptor = (installed != null && !installed.decoratesOnly()) ? installed : null;
        this.decorator = installed;
        setMaxListeners(maxListeners);
        instrumentation.bindTo(this.statistics);
        if (interceptor != null) {
            interceptor.installed();
        }
    }

    private EventInstruments eventInstruments(String event) {
        if (!this.timed) {
            return EventInstruments.NONE;
        }
        EventInstruments resolved = this.eventInstruments.get(event);
        if (resolved == null) {
            resolved = this.instrumentation.forEvent(event);
            if (this.eventInstruments.size() < RegistryState.MAX_CACHED_PLANS) {
                EventInstruments existing = this.eventInstruments.putIfAbsent(event, resolved);
                resolved = (existing != null) ? existing : resolved;
            }
        }
        return resolved;
    }

    // ---- emitting

    @Override
    public boolean emit(String event, Object... args) {
        if (this.closed) {
            throw new EmitterClosedException(event);
        }
        return emitOpen(event, args);
    }

    /** Emits without the closed check, for the emitter's own events, which removing listeners still announces. */
    private boolean emitOpen(String event, @Nullable Object... args) {
        DispatchPlan plan = this.state.planFor(event, this.instrumentsResolver);
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
        if (plan.isEmpty()) {
            plan.eventInstruments.emitted(EmitOutcome.UNHANDLED);
            if (plan.error) {
                throw propagate(unhandledError(args));
            }
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
        EmitOutcome outcome = plan.isEmpty() ? EmitOutcome.UNHANDLED : EmitOutcome.DELIVERED;
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
     * Calls a non-empty plan's listeners on this thread, propagating a sync listener's failure. The event is created
     * before the first listener that needs it, if any does. With metrics on, the clock read that ends a direct
     * listener's run also starts the next one's.
     * <p>
     * The direct runs are written out here rather than in a method of their own on purpose: at more than 325 bytes
     * of bytecode (HotSpot's {@code FreqInlineSize}), this method is compiled on its own instead of into
     * {@link #emit(String, Object...)}, which keeps the compiled emit small enough to be inlined into its callers,
     * where the JIT then drops the varargs array of a one-argument emit.
     */
    private void dispatch(DispatchPlan plan, String name, @Nullable Object single, @Nullable Object @Nullable [] all) {
        Registration[] registrations = plan.registrations;
        ListenerInstruments[] instruments = plan.instruments;
        EmitInterceptor interceptor = this.interceptor;
        boolean timed = this.timed;
        EmittedEvent event = null;
        long clock = 0L;
        boolean clockRead = false;
        try {
            for (int i = 0; i < registrations.length; i++) {
                Registration registration = registrations[i];
                if (registration.needsEvent && event == null) {
                    event = new EmittedEvent(name, single, all);
                }
                if (!registration.direct) {
                    deliver(registration, instruments[i], Objects.requireNonNull(event), null);
                    clockRead = false;
                    continue;
                }
                ListenerInvoker invoker = registration.invoker;
                invoker.checkArguments(name, single, all);
                ListenerRun run = (interceptor != null) ? interceptor.listenerStarted(name, registration.info) : null;
                long start = 0L;
                if (timed) {
                    start = clockRead ? clock : System.nanoTime();
                }
                Object result;
                try {
                    result = invoker.invokeDirectly(event, single, all);
                }
                catch (Throwable ex) {
                    throw failedSync(registration, instruments[i], name, start, run, ex);
                }
                if (run != null) {
                    run.returned();
                }
                if (result instanceof CompletionStage<?> stage) {
                    // the event outlives the emit only here: created now if the listener did not need it
                    awaitStage(stage, registration, instruments[i],
                            (event != null) ? event : new EmittedEvent(name, single, all), start, null, null, run);
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
        }
        catch (Throwable ex) {
            plan.eventInstruments.emitted(EmitOutcome.FAILED);
            throw propagate(ex);
        }
        plan.eventInstruments.emitted(EmitOutcome.DELIVERED);
    }

    @Override
    public CompletableFuture<Void> emitAsync(String event, Object... args) {
        if (this.closed) {
            throw new EmitterClosedException(event);
        }
        DispatchPlan plan = this.state.planFor(event, this.instrumentsResolver);
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
            Throwable failure = EmitterEvents.ERROR.equals(event) ? unhandledError(args) : null;
            if (this.interceptor != null) {
                this.interceptor.emitStarted(event, args, true).close(EmitOutcome.UNHANDLED, failure);
            }
            return (failure != null) ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(null);
        }
        EmitInterceptor.EmitScope scope = (this.interceptor != null) ? this.interceptor.emitStarted(event, args, true)
                : null;
        EmittedEvent emitted = EmittedEvent.of(event, args);
        AsyncOutcome outcome = new AsyncOutcome();
        Registration[] registrations = plan.registrations;
        EmitOutcome emitOutcome = EmitOutcome.DELIVERED;
        Throwable failure = null;
        try {
            for (int i = 0; i < registrations.length; i++) {
                deliver(registrations[i], plan.instruments[i], emitted, outcome);
            }
        }
        catch (Throwable ex) {
            // deliver() wraps checked exceptions; an Error goes to the future too, as emitAsync never throws for it
            emitOutcome = EmitOutcome.FAILED;
            failure = ex;
            outcome.failed(ex);
        }
        plan.eventInstruments.emitted(emitOutcome);
        if (scope != null) {
            scope.close(emitOutcome, failure);
        }
        return outcome.completion();
    }

    private void deliver(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            @Nullable AsyncOutcome outcome) throws Throwable {
        ListenerInvoker invoker = registration.invoker;
        Object[] bound;
        try {
            bound = invoker.bind(event);
            if (!invoker.accepts(event, bound)) {
                return;
            }
        }
        catch (Throwable ex) {
            if (!registration.async) {
                throw ex;
            }
            failedWithoutCaller(registration, event, ex, outcome);
            return;
        }
        if (registration.once) {
            if (!registration.claimOnce()) {
                return;
            }
            remove(registration.onceSiblings());
        }
        if (registration.async) {
            handOff(registration, instruments, event, bound, outcome);
        }
        else {
            runSync(registration, instruments, event, bound, outcome);
        }
    }

    private void runSync(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            Object[] bound, @Nullable AsyncOutcome outcome) throws Throwable {
        ListenerRun run = (this.interceptor != null) ? this.interceptor.listenerStarted(event.name(), registration.info)
                : null;
        long start = this.timed ? System.nanoTime() : 0L;
        Object result;
        try {
            result = registration.invoker.invoke(event, bound);
        }
        catch (Throwable ex) {
            throw failedSync(registration, instruments, event.name(), start, run, ex);
        }
        if (run != null) {
            run.returned();
        }
        if (result instanceof CompletionStage<?> stage) {
            awaitStage(stage, registration, instruments, event, start, outcome, null, run);
        }
        else {
            if (this.timed) {
                instruments.succeeded(System.nanoTime() - start);
            }
            if (run != null) {
                run.finished(null);
            }
        }
    }

    /**
     * Records a sync listener's failure (timer, interceptor) and returns what to propagate: the same instance when
     * unchecked, wrapped in a {@link ListenerInvocationException} when checked.
     */
    private Throwable failedSync(Registration registration, ListenerInstruments instruments, String name, long start,
            @Nullable ListenerRun run, Throwable ex) {
        if (this.timed) {
            instruments.failed(System.nanoTime() - start, ex);
        }
        if (run != null) {
            run.returned();
            run.finished(ex);
        }
        return wrapChecked(ex, name, registration);
    }

    // ---- async hand-off, overflow and ordered lanes

    private void handOff(Registration registration, ListenerInstruments instruments, EmittedEvent event,
            Object[] bound, @Nullable AsyncOutcome outcome) {
        long emittedAt = this.timed ? System.nanoTime() : 0L;
        CompletableFuture<Void> done = (outcome != null) ? outcome.newPart() : null;
        AsyncInvocation invocation = new AsyncInvocation(registration, instruments, event, bound, emittedAt, outcome,
                done);
        this.pendingAsync.incrementAndGet();
        this.inFlight.add(invocation);
        try {
            if (this.terminated) {
                // accepted after the shutdown report was made: reported on its own, never run
                abandonLate(invocation);
                return;
            }
            SerialLane lane = registration.lane;
            if (lane != null) {
                lane.add(invocation);
                submit(invocation, lane.step, lane);
            }
            else {
                submit(invocation, invocation.task, null);
            }
        }
        catch (AsyncOverflowException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            // an executor that fails otherwise than by refusing: this listener's failure, reported like any async
            // failure; the emit goes on
            if (invocation.discard()) {
                try {
                    if (this.timed) {
                        instruments.failed(0L, ex);
                    }
                    failedWithoutCaller(registration, event, ex, outcome);
                }
                finally {
                    invocation.release();
                }
            }
        }
        catch (Error ex) {
            if (invocation.discard()) {
                invocation.release();
            }
            throw ex;
        }
    }

    private void submit(AsyncInvocation invocation, Runnable task, @Nullable SerialLane lane) {
        try {
            this.executor.execute(task);
        }
        catch (RejectedExecutionException rejected) {
            overflow(invocation, task, lane, rejected);
        }
    }

    /**
     * Applies the overflow policy to an invocation the executor refused, on the emitting thread.
     */
    private void overflow(AsyncInvocation invocation, Runnable task, @Nullable SerialLane lane,
            RejectedExecutionException rejected) {
        ListenerInstruments instruments = invocation.instruments;
        switch (this.asyncSettings.overflow()) {
            case CALLER_RUNS -> {
                instruments.rejected(OverflowAction.CALLER_RUNS);
                if (lane != null) {
                    runInTurn(invocation, lane);
                }
                else {
                    invocation.task.run();
                }
            }
            case BLOCK -> {
                RejectedExecutionException last = waitForRoom(invocation, task, lane, rejected);
                if (last == null) {
                    instruments.rejected(OverflowAction.WAITED);
                    return;
                }
                refuse(invocation, lane, "the executor had no room for it within the block timeout of "
                        + this.asyncSettings.blockTimeout() + " (overflow policy BLOCK): " + describe(last), last);
            }
            case FAIL -> refuse(invocation, lane,
                    "the executor refused it and the overflow policy is FAIL: " + describe(rejected), rejected);
        }
    }

    /**
     * Retries the hand-off until the executor takes it or the block timeout runs out.
     * @return {@code null} once handed off (or, for an ordered listener, run by its lane meanwhile), otherwise the
     * last refusal
     */
    private @Nullable RejectedExecutionException waitForRoom(AsyncInvocation invocation, Runnable task,
            @Nullable SerialLane lane, RejectedExecutionException rejected) {
        long deadline = System.nanoTime() + this.asyncSettings.blockTimeout().toNanos();
        RejectedExecutionException last = rejected;
        while (true) {
            if (lane != null && !invocation.isQueued()) {
                return null;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return last;
            }
            try {
                this.room.await(Math.min(remaining, MAX_ROOM_WAIT_NANOS));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                RejectedExecutionException interrupted = new RejectedExecutionException(
                        "interrupted while waiting for room in the executor", ex);
                interrupted.addSuppressed(last);
                return interrupted;
            }
            try {
                this.executor.execute(task);
                return null;
            }
            catch (RejectedExecutionException again) {
                last = again;
            }
        }
    }

    /**
     * Fails the emit for a refused invocation, unless an ordered listener's lane has run it meanwhile (then it was
     * not refused after all).
     */
    private void refuse(AsyncInvocation invocation, @Nullable SerialLane lane, String reason,
            RejectedExecutionException cause) {
        if (!invocation.discard()) {
            return;
        }
        if (lane != null) {
            lane.remove(invocation);
        }
        invocation.instruments.rejected(OverflowAction.FAILED);
        invocation.release();
        throw new AsyncOverflowException(invocation.event.name(), invocation.registration.info.id(), reason, cause);
    }

    private static String describe(RejectedExecutionException rejected) {
        Throwable cause = rejected;
        while (cause.getCause() instanceof RejectedExecutionException nested) {
            cause = nested;
        }
        return String.valueOf(cause.getMessage());
    }

    /**
     * Caller-runs for an ordered listener: the emitting thread runs the lane's invocations, oldest first, until its
     * own has run, so that the order holds and the producer is slowed down. While another thread runs the lane, it
     * waits for it up to the block timeout, then leaves its invocation to that thread.
     */
    private void runInTurn(AsyncInvocation invocation, SerialLane lane) {
        Thread current = Thread.currentThread();
        long deadline = System.nanoTime() + this.asyncSettings.blockTimeout().toNanos();
        while (invocation.isQueued()) {
            if (lane.tryClaim()) {
                runClaimed(lane);
            }
            else if (lane.isRunBy(current)) {
                // the listener emitted to itself: this invocation runs after the one under way on this thread
                return;
            }
            else {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    // the thread running the lane runs this invocation after its own; waiting on could be a
                    // deadlock, as that thread may itself wait for a lane this thread runs
                    return;
                }
                try {
                    this.room.await(Math.min(remaining, MAX_ROOM_WAIT_NANOS));
                }
                catch (InterruptedException ex) {
                    // leave it queued: the lane runs it when the invocation under way finishes
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The executor task of an ordered lane: runs its oldest invocation unless another one is under way. */
    private void step(SerialLane lane) {
        this.room.signal();
        if (lane.tryClaim()) {
            runClaimed(lane);
        }
    }

    /**
     * Runs the oldest invocation of a lane this thread has claimed; the lane is released when that invocation has
     * finished (see {@link #laneItemDone}).
     */
    private void runClaimed(SerialLane lane) {
        AsyncInvocation next = lane.poll();
        if (next == null) {
            lane.release();
            this.room.signal();
            if (!lane.isEmpty()) {
                continueLane(lane);
            }
            return;
        }
        next.task.run();
    }

    private void laneItemDone(SerialLane lane) {
        lane.release();
        this.room.signal();
        if (!lane.isEmpty()) {
            continueLane(lane);
        }
    }

    /**
     * Hands a lane's next invocation to the executor; when the executor refuses, runs the lane on this thread, since
     * the invocations in it were already accepted.
     */
    private void continueLane(SerialLane lane) {
        try {
            this.executor.execute(lane.step);
        }
        catch (RejectedExecutionException rejected) {
            if (INLINE_LANE.get() == lane) {
                // the loop below, further up this thread's stack, takes the next invocation
                return;
            }
            Object previous = INLINE_LANE.get();
            INLINE_LANE.set(lane);
            try {
                while (!lane.isEmpty() && lane.tryClaim()) {
                    AsyncInvocation head = lane.peek();
                    if (head != null) {
                        head.instruments.rejected(OverflowAction.CALLER_RUNS);
                    }
                    runClaimed(lane);
                }
            }
            finally {
                if (previous != null) {
                    INLINE_LANE.set(previous);
                }
                else {
                    INLINE_LANE.remove();
                }
            }
        }
    }

    /**
     * Ends a listener's work when its returned stage completes. An async listener's invocation is finished here
     * (its {@code emitAsync} part, pending count and ordered lane); a sync one takes a new part.
     */
    private void awaitStage(CompletionStage<?> stage, Registration registration, ListenerInstruments instruments,
            EmittedEvent event, long start, @Nullable AsyncOutcome outcome, @Nullable AsyncInvocation invocation,
            @Nullable ListenerRun run) {
        CompletableFuture<Void> part = (invocation != null || outcome == null) ? null : outcome.newPart();
        stage.whenComplete((value, failure) -> {
            try {
                if (failure == null) {
                    if (this.timed) {
                        instruments.succeeded(System.nanoTime() - start);
                    }
                    if (run != null) {
                        run.finished(null);
                    }
                }
                else {
                    Throwable cause = unwrap(failure);
                    if (this.timed) {
                        instruments.failed(System.nanoTime() - start, cause);
                    }
                    if (run != null) {
                        run.finished(cause);
                    }
                    failedWithoutCaller(registration, event, cause, outcome);
                }
            }
            finally {
                if (invocation != null) {
                    invocation.finish();
                }
                else if (part != null) {
                    part.complete(null);
                }
            }
        });
    }

    /**
     * Routes a failure that cannot propagate to an emitting thread: to the {@code emitAsync} future when there is
     * one, otherwise as the {@code "error"} event, otherwise to the log. Never thrown, never lost.
     */
    private void failedWithoutCaller(Registration registration, EmittedEvent event, Throwable error,
            @Nullable AsyncOutcome outcome) {
        if (outcome != null && outcome.failed(wrapChecked(error, event.name(), registration))) {
            return;
        }
        // no emitAsync future, or one that has completed already (its invocation was abandoned at shutdown)
        String listenerId = registration.info.id();
        if (EmitterEvents.ERROR.equals(event.name())) {
            logger.error("Listener '" + listenerId + "' failed while handling the 'error' event " + event.args()
                    + "; failures of 'error' listeners are logged, never re-emitted", error);
            return;
        }
        // one registry version for both the check and the delivery, so a listener leaving in between cannot
        // turn the report into an unhandled-error throw
        // (and inspecting first resolves no meters for an "error" event that is never emitted)
        RegistryState current = this.state;
        if (!current.listensTo(EmitterEvents.ERROR_BIT)) {
            logger.error("Listener '" + listenerId + "' failed on event '" + event.name()
                    + "' and no listener handles the 'error' event", error);
            return;
        }
        DispatchPlan errorPlan = current.planFor(EmitterEvents.ERROR, this.instrumentsResolver);
        try {
            Object[] errorArgs = { error, new ListenerFailure(event.name(), listenerId, event.args()) };
            if (this.interceptor != null) {
                emitIntercepted(this.interceptor, errorPlan, EmitterEvents.ERROR, errorArgs);
            }
            else {
                dispatch(errorPlan, EmitterEvents.ERROR, null, errorArgs);
            }
        }
        catch (Throwable ex) {
            if (ex != error) {
                ex.addSuppressed(error);
            }
            logger.error("A listener of the 'error' event failed while handling the failure of listener '"
                    + listenerId + "' on event '" + event.name() + "'", ex);
        }
    }

    /**
     * What an {@code "error"} emit that no listener handles fails with: its first argument when that is unchecked,
     * otherwise an {@link UnhandledErrorException}.
     */
    private static Throwable unhandledError(@Nullable Object @Nullable [] args) {
        Object first = (args != null && args.length > 0) ? args[0] : null;
        if (first instanceof RuntimeException || first instanceof Error) {
            return (Throwable) first;
        }
        return new UnhandledErrorException(first);
    }

    private static Throwable wrapChecked(Throwable ex, String event, Registration registration) {
        if (ex instanceof RuntimeException || ex instanceof Error) {
            return ex;
        }
        return new ListenerInvocationException(event, registration.info.id(), ex);
    }

    private static RuntimeException propagate(Throwable ex) {
        if (ex instanceof Error error) {
            throw error;
        }
        if (ex instanceof RuntimeException runtime) {
            return runtime;
        }
        // deliver() wraps checked exceptions and unhandledError() returns none, so this is unreachable
        return new IllegalStateException(ex);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    // ---- registering

    @Override
    public Subscription on(String event, Listener listener) {
        return add(List.of(programmatic(event, listener, false)), false);
    }

    @Override
    public Subscription once(String event, Listener listener) {
        return add(List.of(programmatic(event, listener, true)), false);
    }

    @Override
    public Subscription prependListener(String event, Listener listener) {
        return add(List.of(programmatic(event, listener, false)), true);
    }

    @Override
    public Subscription prependOnceListener(String event, Listener listener) {
        return add(List.of(programmatic(event, listener, true)), true);
    }

    @Override
    public Subscription register(Object bean) {
        Assert.notNull(bean, "Bean must not be null");
        if (bean instanceof Class<?> beanClass) {
            throw new IllegalArgumentException("Cannot register " + beanClass.getName()
                    + ": register() takes an object whose @On methods become listeners, not a Class");
        }
        Class<?> type = ClassUtils.getUserClass(bean);
        String idPrefix = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        List<ListenerDefinition> definitions = this.scanner.scan(type, idPrefix, () -> bean,
                (method) -> method);
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("Cannot register " + type.getName() + ": it has no @On methods");
        }
        return register(definitions);
    }

    /**
     * Registers listener definitions, all or nothing, appending each in turn.
     * @param definitions the definitions, for example from {@link AnnotatedListenerScanner#scan}
     * @return a subscription whose {@code close()} removes every registration made
     */
    public Subscription register(List<ListenerDefinition> definitions) {
        Assert.notNull(definitions, "Definitions must not be null");
        return add(definitions, false);
    }

    private static ListenerDefinition programmatic(String event, Listener listener, boolean once) {
        Assert.notNull(listener, "Listener must not be null");
        EventPattern.parse(event);
        return new ListenerDefinition(ProgrammaticInvoker.idOf(listener), List.of(event), 0, false, once, "",
                new ProgrammaticInvoker(listener));
    }

    private Subscription add(List<ListenerDefinition> definitions, boolean prepend) {
        RegistrationGroup group = new RegistrationGroup(this);
        List<Registration> created = new ArrayList<>();
        for (ListenerDefinition definition : definitions) {
            AtomicBoolean definitionGate = new AtomicBoolean();
            SerialLane lane = definition.ordered() ? new SerialLane(this::step) : null;
            for (String pattern : definition.patterns()) {
                created.add(new Registration(definition, EventPattern.parse(pattern), definitionGate, group, lane));
            }
        }
        group.setRegistrations(created);
        if (this.state.listensTo(EmitterEvents.NEW_LISTENER_BIT)) {
            for (Registration registration : created) {
                emitOpen(EmitterEvents.NEW_LISTENER, registration.info.pattern(), registration.info);
            }
        }
        List<String> warnings = new ArrayList<>();
        synchronized (this.lock) {
            RegistryState current = this.state;
            Map<String, Integer> counts = this.countsByPattern;
            int[] emitterEventListeners = current.emitterEventListeners();
            Registration[] next = Arrays.copyOf(current.registrations, current.registrations.length + created.size());
            int index = current.registrations.length;
            List<Registration> ordered = new ArrayList<>(created);
            if (prepend) {
                Collections.reverse(ordered);
            }
            for (Registration registration : ordered) {
                registration.position = prepend ? --this.headPosition : ++this.tailPosition;
                next[index++] = registration;
                String pattern = registration.info.pattern();
                int count = counts.merge(pattern, 1, Integer::sum);
                EmitterEvents.count(emitterEventListeners, registration.emitterEvents, 1);
                int max = this.maxListeners;
                if (max > 0 && count > max && this.leakWarnings.add(pattern)) {
                    warnings.add("MaxListenersExceeded: possible event-bus listener leak: " + count
                            + " listeners registered for '" + pattern + "' (limit " + max
                            + "). Remove listeners you no longer need, or raise the limit with setMaxListeners() "
                            + "or the eventbus.max-listeners property");
                }
            }
            this.state = current.withAdded(next, emitterEventListeners, created);
        }
        for (String warning : warnings) {
            logger.warn(warning);
        }
        return group;
    }

    /**
     * Removes registrations that are still in place; emits {@code removeListener} for each one removed.
     * @param registrations the registrations to remove
     * @return how many were removed
     */
    int remove(List<Registration> registrations) {
        if (registrations.isEmpty()) {
            return 0;
        }
        List<Registration> removed = new ArrayList<>();
        synchronized (this.lock) {
            RegistryState current = this.state;
            Set<Registration> targets = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Registration registration : registrations) {
                if (registration.active) {
                    targets.add(registration);
                }
            }
            if (targets.isEmpty()) {
                return 0;
            }
            List<Registration> kept = new ArrayList<>(current.registrations.length);
            Map<String, Integer> counts = this.countsByPattern;
            int[] emitterEventListeners = current.emitterEventListeners();
            for (Registration registration : current.registrations) {
                if (targets.contains(registration)) {
                    registration.active = false;
                    EmitterEvents.count(emitterEventListeners, registration.emitterEvents, -1);
                    removed.add(registration);
                    String pattern = registration.info.pattern();
                    if (counts.merge(pattern, -1, Integer::sum) <= 0) {
                        counts.remove(pattern);
                        // as in Node, a name that lost its last listener may warn again; and names built from
                        // data, registered and removed, must not be remembered forever
                        this.leakWarnings.remove(pattern);
                    }
                }
                else {
                    kept.add(registration);
                }
            }
            this.state = current.withRemoved(kept.toArray(Registration[]::new), emitterEventListeners, targets);
        }
        announceRemoved(removed);
        return removed.size();
    }

    private void announceRemoved(List<Registration> removed) {
        if (!removed.isEmpty() && this.state.listensTo(EmitterEvents.REMOVE_LISTENER_BIT)) {
            for (Registration registration : removed) {
                emitOpen(EmitterEvents.REMOVE_LISTENER, registration.info.pattern(), registration.info);
            }
        }
    }

    @Override
    public boolean off(String event, Listener listener) {
        EventPattern.parse(event);
        Assert.notNull(listener, "Listener must not be null");
        Registration[] registrations = this.state.registrations;
        for (int i = registrations.length - 1; i >= 0; i--) {
            Registration registration = registrations[i];
            if (registration.info.pattern().equals(event) && registration.invoker.identity() == listener
                    && remove(List.of(registration)) == 1) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int removeAllListeners(String event) {
        EventPattern.parse(event);
        List<Registration> matching = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            if (registration.info.pattern().equals(event)) {
                matching.add(registration);
            }
        }
        return remove(matching);
    }

    @Override
    public int removeAllListeners() {
        // as in Node: the removeListener listeners go last, so they hear about every other removal
        List<Registration> announcers = new ArrayList<>();
        List<Registration> others = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            (registration.pattern.matches(EmitterEvents.REMOVE_LISTENER) ? announcers : others).add(registration);
        }
        return remove(others) + remove(announcers);
    }

    // ---- inspecting

    @Override
    public int listenerCount(String event) {
        return this.state.inspect(event).registrations.length;
    }

    @Override
    public List<ListenerInfo> listeners(String event) {
        return this.state.inspect(event).listenerInfos();
    }

    /**
     * Every registration in place now, in registration order.
     * @return an immutable list
     */
    public List<ListenerInfo> registrations() {
        List<ListenerInfo> infos = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            infos.add(registration.info);
        }
        return List.copyOf(infos);
    }

    @Override
    public Set<String> eventNames() {
        synchronized (this.lock) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(this.countsByPattern.keySet()));
        }
    }

    @Override
    public CompletableFuture<Event> next(String event) {
        EventPattern.parse(event);
        CompletableFuture<Event> next = new CompletableFuture<>();
        List<Subscription> subscriptions = new ArrayList<>(2);
        subscriptions.add(add(List.of(temporary(event, next::complete)), false));
        if (!EmitterEvents.ERROR.equals(event)) {
            subscriptions.add(add(List.of(temporary(EmitterEvents.ERROR,
                    (error) -> next.completeExceptionally(asThrowable(error)))), false));
        }
        next.whenComplete((result, failure) -> subscriptions.forEach(Subscription::close));
        return next;
    }

    private static ListenerDefinition temporary(String pattern, Listener listener) {
        return new ListenerDefinition("next", List.of(pattern), 0, false, true, "", new ProgrammaticInvoker(listener));
    }

    private static Throwable asThrowable(Event error) {
        Object first = error.arg(0);
        return (first instanceof Throwable throwable) ? throwable : new UnhandledErrorException(first);
    }

    @Override
    public int getMaxListeners() {
        return this.maxListeners;
    }

    @Override
    public void setMaxListeners(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Max listeners must be 0 (unlimited) or positive, but was " + max);
        }
        this.maxListeners = max;
    }

    /**
     * The most emits that may be in progress on one thread: an emit from inside a sync listener nests in the emit
     * that called it. Shared by every emitter on the thread, as they share its stack.
     * @return the maximum depth, {@value #DEFAULT_MAX_DEPTH} unless set
     */
    public int getMaxDepth() {
        return this.maxDepth;
    }

    /**
     * Sets the most emits that may be in progress on one thread. An emit that would go deeper throws a
     * {@link dev.eventbus.MaxDepthExceededException} listing the chain of event names, instead of overflowing the
     * stack.
     * @param maxDepth the maximum depth, at least 1
     * @throws IllegalArgumentException when {@code maxDepth} is not positive
     */
    public void setMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("Max depth must be positive, but was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    EmitterInstrumentation.EmitterStatistics statistics() {
        return this.statistics;
    }

    int cachedPlanCount() {
        return this.state.cachedPlanCount();
    }

    EmitterFootprint footprint() {
        RegistryState current = this.state;
        int listenerInstruments = 0;
        for (Registration registration : current.registrations) {
            listenerInstruments += registration.cachedInstrumentCount();
        }
        int warned;
        int names;
        synchronized (this.lock) {
            warned = this.leakWarnings.size();
            names = this.countsByPattern.size();
        }
        return new EmitterFootprint(current.registrations.length, names,
                current.cachedPlanCount(), this.eventInstruments.size(), listenerInstruments, warned,
                this.pendingAsync.get());
    }

    // ---- closing

    /**
     * Whether {@link #close()} or {@link #shutdown(Duration)} has been called: emits are refused from then on.
     * @return whether this emitter is closed
     */
    public boolean isClosed() {
        return this.closed;
    }

    /**
     * Closes this emitter, waiting for its accepted async invocations up to the shutdown timeout of its
     * {@link AsyncSettings} (30 s by default). See {@link #shutdown(Duration)}.
     */
    @Override
    public void close() {
        shutdown(this.asyncSettings.shutdownTimeout());
    }

    /**
     * Closes this emitter: from now on {@code emit} and {@code emitAsync} throw an {@link EmitterClosedException}
     * (including emits made by listeners that are still running); then waits up to {@code timeout} for every async
     * invocation accepted so far to finish, ordered listeners' queues included. Whatever has not finished by then is
     * logged at WARN with its count and its event names and listener ids, counted by
     * {@link EmitterInstrumentation.ListenerInstruments#abandoned()}, and fails its {@code emitAsync} future with an
     * {@link EmitterClosedException}: invocations still queued are discarded, running ones are left to finish (or to
     * be interrupted when their executor stops). An emit already under way when this is called is not refused: an
     * invocation it hands off once the drain has ended is not run, and is reported, counted and failed on its own
     * (it is not part of the answer). Registering and removing listeners keeps working. Calling it again waits for
     * the first call to end and returns its answer.
     * @param timeout how long to wait for accepted async invocations; {@code 0} to wait for none
     * @return whether every accepted async invocation finished in time
     */
    public boolean shutdown(Duration timeout) {
        Assert.notNull(timeout, "Timeout must not be null");
        Assert.isTrue(!timeout.isNegative(), () -> "Timeout must not be negative, but was " + timeout);
        synchronized (this.closeLock) {
            if (this.closed) {
                return awaitTerminated();
            }
            this.closed = true;
        }
        int unfinished = awaitDrained(timeout) ? 0 : abandonUnfinished(timeout);
        synchronized (this.closeLock) {
            this.unfinishedAtShutdown = unfinished;
            this.terminated = true;
            this.closeLock.notifyAll();
        }
        return unfinished == 0;
    }

    private boolean awaitTerminated() {
        boolean interrupted = false;
        synchronized (this.closeLock) {
            while (!this.terminated) {
                try {
                    this.closeLock.wait();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return this.unfinishedAtShutdown == 0;
        }
    }

    private boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this.drainSignal) {
            while (this.pendingAsync.get() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this.drainSignal, remaining);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reports, counts and fails whatever is still accepted once the shutdown timeout has run out.
     * @return how many invocations did not finish
     */
    private int abandonUnfinished(Duration timeout) {
        // set before looking, so that a hand-off racing with this is seen here or sees the flag (abandonLate)
        this.terminated = true;
        int queued = 0;
        int running = 0;
        Map<String, Map<String, Integer>> byEvent = new TreeMap<>();
        for (AsyncInvocation invocation : new ArrayList<>(this.inFlight)) {
            boolean discarded = invocation.discard();
            if (!discarded && !invocation.isRunning()) {
                continue;
            }
            if (discarded) {
                queued++;
            }
            else {
                running++;
            }
            byEvent.computeIfAbsent(invocation.event.name(), (name) -> new TreeMap<>())
                .merge(invocation.registration.info.id(), 1, Integer::sum);
            abandon(invocation, discarded, "did not finish within the shutdown timeout of " + timeout);
        }
        int unfinished = queued + running;
        if (unfinished > 0) {
            logger.warn("Event bus shut down with " + unfinished + " async listener invocation"
                    + ((unfinished != 1) ? "s" : "") + " unfinished after waiting " + timeout + " ("
                    + queued + " queued, discarded; " + running
                    + " still running, left to finish or to be interrupted when the executor stops), "
                    + "by event and listener: " + byEvent + ". Raise eventbus.async.shutdown-timeout if they "
                    + "need more time");
        }
        return unfinished;
    }

    /** An invocation accepted after the shutdown report was made: reported on its own, never run. */
    private void abandonLate(AsyncInvocation invocation) {
        if (!invocation.discard()) {
            return;
        }
        logger.warn("Async listener '" + invocation.registration.info.id() + "' was not run for event '"
                + invocation.event.name() + "': the event bus had already shut down");
        abandon(invocation, true, "was accepted after the event bus had shut down");
    }

    private void abandon(AsyncInvocation invocation, boolean discarded, String why) {
        invocation.instruments.abandoned();
        AsyncOutcome outcome = invocation.outcome;
        CompletableFuture<Void> done = invocation.done;
        if (outcome != null && done != null) {
            outcome.failed(new EmitterClosedException(invocation.event.name(), "Async listener '"
                    + invocation.registration.info.id() + "' " + why + " on event '" + invocation.event.name()
                    + "'"));
            done.complete(null);
        }
        if (discarded) {
            invocation.release();
        }
    }

    @Override
    public String toString() {
        return "DefaultEmitter[registrations=" + this.state.registrations.length + ", names=" + eventNames() + "]";
    }

    /**
     * One async listener invocation, from its hand-off to the end of its work: the executor's task (or an ordered
     * lane's item), and what a shutdown names when it cannot wait for it any longer.
     */
    final class AsyncInvocation implements Runnable {

        private static final int QUEUED = 0;

        private static final int RUNNING = 1;

        private static final int FINISHED = 2;

        /** It will not run: refused by the overflow policy, or abandoned at shutdown. */
        private static final int DISCARDED = 3;

        private static final AtomicIntegerFieldUpdater<AsyncInvocation> STATE = AtomicIntegerFieldUpdater
            .newUpdater(AsyncInvocation.class, "state");

        final Registration registration;

        final ListenerInstruments instruments;

        final EmittedEvent event;

        private final Object[] bound;

        private final long emittedAt;

        final @Nullable AsyncOutcome outcome;

        final @Nullable CompletableFuture<Void> done;

        /** What the executor runs: this invocation, decorated by the interceptor on the emitting thread. */
        final Runnable task;

        private volatile int state = QUEUED;

        AsyncInvocation(Registration registration, ListenerInstruments instruments, EmittedEvent event,
                Object[] bound, long emittedAt, @Nullable AsyncOutcome outcome, @Nullable CompletableFuture<Void> done) {
            this.registration = registration;
            this.instruments = instruments;
            this.event = event;
            this.bound = bound;
            this.emittedAt = emittedAt;
            this.outcome = outcome;
            this.done = done;
            EmitInterceptor decorator = DefaultEmitter.this.decorator;
            this.task = (decorator != null) ? decorator.decorate(this) : this;
        }

        boolean isQueued() {
            return this.state == QUEUED;
        }

        boolean isRunning() {
            return this.state == RUNNING;
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
                SerialLane lane = this.registration.lane;
                if (lane != null) {
                    laneItemDone(lane);
                }
                return;
            }
            room.signal();
            boolean finished = true;
            try {
                long start = timed ? System.nanoTime() : 0L;
                if (timed) {
                    this.instruments.waited(start - this.emittedAt);
                }
                EmitInterceptor interceptor = DefaultEmitter.this.interceptor;
                ListenerRun run = (interceptor != null)
                        ? interceptor.listenerStarted(this.event.name(), this.registration.info) : null;
                Object result;
                try {
                    result = this.registration.invoker.invoke(this.event, this.bound);
                }
                catch (Throwable ex) {
                    if (timed) {
                        this.instruments.failed(System.nanoTime() - start, ex);
                    }
                    if (run != null) {
                        run.returned();
                        run.finished(ex);
                    }
                    failedWithoutCaller(this.registration, this.event, ex, this.outcome);
                    return;
                }
                if (run != null) {
                    run.returned();
                }
                if (result instanceof CompletionStage<?> stage) {
                    finished = false;
                    awaitStage(stage, this.registration, this.instruments, this.event, start, this.outcome, this,
                            run);
                    return;
                }
                if (timed) {
                    this.instruments.succeeded(System.nanoTime() - start);
                }
                if (run != null) {
                    run.finished(null);
                }
            }
            finally {
                if (finished) {
                    finish();
                }
            }
        }

        /** Ends a run: releases the invocation, then lets its ordered lane go on. */
        void finish() {
            this.state = FINISHED;
            release();
            SerialLane lane = this.registration.lane;
            if (lane != null) {
                laneItemDone(lane);
            }
        }

        /** Forgets the invocation: its pending count, its shutdown tracking and its {@code emitAsync} part. */
        void release() {
            inFlight.remove(this);
            if (pendingAsync.decrementAndGet() == 0 && closed) {
                synchronized (drainSignal) {
                    drainSignal.notifyAll();
                }
            }
            if (this.done != null) {
                this.done.complete(null);
            }
        }

        @Override
        public String toString() {
            return "AsyncInvocation[" + this.registration.info.id() + " on " + this.event.name() + "]";
        }
    }

    /** The live figures the instrumentation's gauges read. */
    private final class Statistics implements EmitterInstrumentation.EmitterStatistics {

        @Override
        public int registrations() {
            return DefaultEmitter.this.state.registrations.length;
        }

        @Override
        public int pendingAsync() {
            return DefaultEmitter.this.pendingAsync.get();
        }
    }

    /**
     * Collects the parts and failures of one {@code emitAsync}. Parts are added on the emitting thread only, before
     * {@link #completion()}; failures may arrive from any thread, even after the future has completed (from an
     * invocation abandoned at shutdown that goes on running).
     */
    private static final class AsyncOutcome {

        private final List<CompletableFuture<Void>> parts = new ArrayList<>();

        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        /** Set when the future's failures are collected: a failure added after that is not the future's. */
        private volatile boolean settled;

        CompletableFuture<Void> newPart() {
            CompletableFuture<Void> part = new CompletableFuture<>();
            this.parts.add(part);
            return part;
        }

        /**
         * Adds a failure to the future, unless its failures have been collected already.
         * @return whether the future carries it; when not, the caller reports it elsewhere
         */
        boolean failed(Throwable failure) {
            this.failures.add(failure);
            // added, then checked; the completion sets the flag, then polls: one of the two sees the other
            return !this.settled || !this.failures.remove(failure);
        }

        CompletableFuture<Void> completion() {
            CompletableFuture<?>[] all = this.parts.toArray(CompletableFuture[]::new);
            CompletableFuture<Void> result = new CompletableFuture<>();
            CompletableFuture.allOf(all).whenComplete((ignored, unused) -> {
                this.settled = true;
                Throwable first = this.failures.poll();
                if (first == null) {
                    result.complete(null);
                    return;
                }
                for (Throwable later = this.failures.poll(); later != null; later = this.failures.poll()) {
                    if (later != first) {
                        first.addSuppressed(later);
                    }
                }
                result.completeExceptionally(first);
            });
            return result;
        }
    }
}
