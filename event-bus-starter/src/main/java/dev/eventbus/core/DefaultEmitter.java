package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import dev.eventbus.Emitter;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Subscription;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The engine's {@link Emitter}: the front that wires a {@link ListenerRegistry} (copy-on-write, so that an emit takes
 * no lock), a {@link Dispatcher} (per-name dispatch plans, so that a steady-state emit matches no pattern), the
 * {@link Delivery deliveries} chosen per listener at registration (inline, executor, ordered lane, and those of
 * {@link DeliveryFactory DeliveryFactories}), the one {@link ListenerRunner listener-run block}, the
 * {@link FailureRouter} and the {@link InFlightInvocations} that {@link #close()} drains.
 */
public final class DefaultEmitter implements Emitter, AutoCloseable, ListenerCatalog, ListenerLookup, GracefulShutdown,
        DefinitionRegistrar {

    /** The default {@link #setMaxDepth(int) maximum depth} of nested emits on one thread. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The default {@link #setMaxListeners(int) leak-warning threshold}. */
    public static final int DEFAULT_MAX_LISTENERS = 10;

    private final AnnotatedListenerScanner scanner;

    private final AsyncSettings asyncSettings;

    private final ListenerRegistry registry;

    private final InFlightInvocations inFlight = new InFlightInvocations();

    private final EventInstrumentCache eventInstruments;

    private final Dispatcher dispatcher;

    private final ListenerRunner runner;

    private final EmitterInstrumentation.EmitterStatistics statistics = new Statistics();

    /**
     * The registry's current version, published here by the registry: an emit reads it from this field and hands it
     * to the dispatcher, which keeps the way to a plan as short as one load (docs/benchmarks.md, "The engine split").
     */
    private volatile RegistryState state;

    /** Set when closing starts: emits are refused from then on. */
    private volatile boolean closed;

    private final ListenerHandles handles;

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
        this(executor, maxListeners, instrumentation, scanner, interceptor, asyncSettings, List.of());
    }

    /**
     * Creates an emitter whose listeners may also be delivered by {@link DeliveryFactory DeliveryFactories}.
     * @param executor where async listeners run
     * @param maxListeners the leak-warning threshold, {@code 0} for unlimited
     * @param instrumentation the metrics hook, {@link EmitterInstrumentation#NONE} for none
     * @param scanner turns {@code @On} methods into listener definitions for {@link #register(Object)}
     * @param interceptor the interceptor (see {@link EmitInterceptor#of}), or {@code null} for none
     * @param asyncSettings what to do when the executor refuses an invocation, and how long closing waits
     * @param deliveryFactories offered each listener's delivery at its registration, in this order
     */
    public DefaultEmitter(Executor executor, int maxListeners, EmitterInstrumentation instrumentation,
            AnnotatedListenerScanner scanner, @Nullable EmitInterceptor interceptor, AsyncSettings asyncSettings,
            List<DeliveryFactory> deliveryFactories) {
        Assert.notNull(executor, "Executor must not be null");
        Assert.notNull(instrumentation, "EmitterInstrumentation must not be null");
        Assert.notNull(scanner, "AnnotatedListenerScanner must not be null");
        Assert.notNull(asyncSettings, "AsyncSettings must not be null");
        Assert.noNullElements(deliveryFactories, "DeliveryFactories must not be null");
        this.scanner = scanner;
        this.asyncSettings = asyncSettings;
        EmitInterceptor installed = (interceptor != EmitInterceptor.NONE) ? interceptor : null;
        EmitInterceptor observing = (installed != null && !installed.decoratesOnly()) ? installed : null;
        boolean timed = instrumentation.isEnabled();
        this.eventInstruments = new EventInstrumentCache(instrumentation);
        // the parts call each other only once the emitter is built: the router reports and the registry announces
        // through the dispatcher, which needs them both
        FailureRouter failures = new FailureRouter(this::registryState, this::emitError);
        ListenerRunner runner = new ListenerRunner(timed, observing, installed, failures);
        this.runner = runner;
        this.registry = new ListenerRegistry(maxListeners,
                new DeliveryChooser(executor, asyncSettings, this.inFlight, runner, deliveryFactories),
                this::announce, this::publish);
        this.state = this.registry.state();
        this.dispatcher = new Dispatcher(this.registry, this.eventInstruments, runner, failures, timed, observing);
        this.handles = new ListenerHandles(this.eventInstruments, runner);
        instrumentation.bindTo(this.statistics);
        if (interceptor != null) {
            interceptor.installed();
        }
    }

    RegistryState registryState() {
        return this.registry.state();
    }

    /** Takes a new registry version for the emits that start from now on. */
    private void publish(RegistryState state) {
        this.state = state;
    }

    private void emitError(RegistryState state, Object[] errorArgs) {
        this.dispatcher.emitError(state, errorArgs);
    }

    /** Emits {@code "newListener"} or {@code "removeListener"} for one registration. */
    private void announce(String event, ListenerInfo registration) {
        this.dispatcher.emitOwn(event, registration.pattern(), registration);
    }

    @Override
    public boolean emit(String event, Object... args) {
        if (this.closed) {
            throw new EmitterClosedException(event);
        }
        return this.dispatcher.emit(this.state, event, args);
    }

    @Override
    public CompletableFuture<Void> emitAsync(String event, Object... args) {
        if (this.closed) {
            throw new EmitterClosedException(event);
        }
        return this.dispatcher.emitAsync(this.state, event, args);
    }

    // ---- registering

    @Override
    public Subscription on(String event, Listener listener) {
        return this.registry.add(List.of(ListenerDefinition.of(event, listener)), false);
    }

    @Override
    public Subscription once(String event, Listener listener) {
        return this.registry.add(List.of(ListenerDefinition.of(event, listener).firingOnce()), false);
    }

    @Override
    public Subscription many(String event, int times, Listener listener) {
        Assert.isTrue(times >= 1, () -> "many('" + event + "') fires a listener at least once, but times was " + times);
        return this.registry.add(List.of(ListenerDefinition.of(event, listener).firingAtMost(times)), false);
    }

    @Override
    public Subscription prependListener(String event, Listener listener) {
        return this.registry.add(List.of(ListenerDefinition.of(event, listener)), true);
    }

    @Override
    public Subscription prependOnceListener(String event, Listener listener) {
        return this.registry.add(List.of(ListenerDefinition.of(event, listener).firingOnce()), true);
    }

    @Override
    public Subscription register(Object bean) {
        return register(this.scanner.scanObject(bean));
    }

    @Override
    public Subscription register(List<ListenerDefinition> definitions) {
        Assert.notNull(definitions, "Definitions must not be null");
        return this.registry.add(definitions, false);
    }

    @Override
    public boolean off(String event, Listener listener) {
        EventPattern.parse(event);
        Assert.notNull(listener, "Listener must not be null");
        return this.registry.off(event, listener);
    }

    @Override
    public int removeAllListeners(String event) {
        EventPattern.parse(event);
        return this.registry.removeAll(event);
    }

    @Override
    public int removeAllListeners() {
        return this.registry.removeAll();
    }

    // ---- inspecting

    @Override
    public int listenerCount(String event) {
        return this.registry.state().inspect(event).registrations.length;
    }

    @Override
    public int listenerCount(String event, Listener listener) {
        Assert.notNull(listener, "Listener must not be null");
        return this.registry.state().inspect(event).countOf(listener);
    }

    @Override
    public List<ListenerInfo> listeners(String event) {
        return this.registry.state().inspect(event).listenerInfos();
    }

    @Override
    public List<Listener> rawListeners(String event) {
        EventPattern.parse(event);
        return this.registry.rawListeners(event);
    }

    @Override
    public List<ListenerInfo> registrations() {
        return this.registry.registrations();
    }

    @Override
    public Set<String> eventNames() {
        return this.registry.eventNames();
    }

    @Override
    public @Nullable ListenerHandle listener(String id) {
        Assert.notNull(id, "Listener id must not be null");
        return this.handles.find(this.registry.state(), id);
    }

    /**
     * The id of this instance, the {@link Event#origin() origin} of every event it emits.
     * @return the instance id, a random UUID unless set
     */
    public String getInstanceId() {
        return this.dispatcher.getOrigin();
    }

    /**
     * Sets the id of this instance, the {@link Event#origin() origin} of every event emitted from now on.
     * @param instanceId the instance id, not blank
     */
    public void setInstanceId(String instanceId) {
        Assert.hasText(instanceId, () -> "Instance id must not be blank, but was '" + instanceId + "'");
        this.dispatcher.setOrigin(instanceId);
    }

    @Override
    public CompletableFuture<Event> next(String event) {
        EventPattern.parse(event);
        return NextEvent.await(this.registry, event, null, 0L);
    }

    @Override
    public CompletableFuture<Event> next(String event, Predicate<? super Event> filter, Duration timeout) {
        EventPattern.parse(event);
        return NextEvent.await(this.registry, event, filter, timeout);
    }

    @Override
    public int getMaxListeners() {
        return this.registry.getMaxListeners();
    }

    @Override
    public void setMaxListeners(int max) {
        this.registry.setMaxListeners(max);
    }

    /**
     * The most emits that may be in progress on one thread: an emit from inside a sync listener nests in the emit
     * that called it. Shared by every emitter on the thread, as they share its stack.
     * @return the maximum depth, {@value #DEFAULT_MAX_DEPTH} unless set
     */
    public int getMaxDepth() {
        return this.dispatcher.getMaxDepth();
    }

    /**
     * Sets the most emits that may be in progress on one thread. An emit that would go deeper throws a
     * {@link dev.eventbus.MaxDepthExceededException} listing the chain of event names, instead of overflowing the
     * stack.
     * @param maxDepth the maximum depth, at least 1
     * @throws IllegalArgumentException when {@code maxDepth} is not positive
     */
    public void setMaxDepth(int maxDepth) {
        this.dispatcher.setMaxDepth(maxDepth);
    }

    EmitterInstrumentation.EmitterStatistics statistics() {
        return this.statistics;
    }

    int cachedPlanCount() {
        return this.registry.state().cachedPlanCount();
    }

    /** The plan an emit of this name would use now, found as the emit path finds it (for tests of the cache). */
    DispatchPlan planOf(String event) {
        return this.state.planFor(event, this.eventInstruments);
    }

    /** The bytes of the names whose instruments are cached, for tests of the cache's bounds. */
    long cachedEventInstrumentBytes() {
        return this.eventInstruments.bytes();
    }

    EmitterFootprint footprint() {
        RegistryState current = this.registry.state();
        int listenerInstruments = 0;
        for (Registration registration : current.registrations) {
            listenerInstruments += registration.cachedInstrumentCount();
        }
        int[] countedAndWarned = this.registry.countedAndWarned();
        return new EmitterFootprint(current.registrations.length, countedAndWarned[0], current.cachedPlanCount(),
                this.eventInstruments.size(), listenerInstruments, countedAndWarned[1], this.inFlight.pending());
    }

    // ---- closing

    @Override
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
     * Closes this emitter: from now on {@code emit} and {@code emitAsync} throw an
     * {@link dev.eventbus.EmitterClosedException} (including emits made by listeners that are still running); then
     * waits up to {@code timeout} for every async invocation accepted so far to finish, ordered listeners' queues
     * included. Whatever has not finished by then is logged at WARN with its count and its event names and listener
     * ids, counted by {@link EmitterInstrumentation.ListenerInstruments#abandoned()}, and fails its {@code emitAsync}
     * future with an {@link dev.eventbus.EmitterClosedException}: invocations still queued are discarded, running
     * ones are left to finish (or to be interrupted when their executor stops). An emit already under way when this
     * is called is not refused: an invocation it hands off once the drain has ended is not run, and is reported,
     * counted and failed on its own (it is not part of the answer). Registering and removing listeners keeps working.
     * Calling it again waits for the first call to end and returns its answer. Called from inside an async listener
     * of this emitter (one that closes the application), it neither waits for nor reports the invocations the calling
     * thread is running, which go on once it returns.
     * @param timeout how long to wait for accepted async invocations; {@code 0} to wait for none
     * @return whether every accepted async invocation finished in time
     */
    @Override
    public boolean shutdown(Duration timeout) {
        Assert.notNull(timeout, "Timeout must not be null");
        Assert.isTrue(!timeout.isNegative(), () -> "Timeout must not be negative, but was " + timeout);
        this.closed = true;
        return this.inFlight.shutdown(timeout);
    }

    @Override
    public String toString() {
        return "DefaultEmitter[registrations=" + this.registry.state().registrations.length + ", names="
                + eventNames() + "]";
    }

    /** The live figures the instrumentation's gauges read. */
    private final class Statistics implements EmitterInstrumentation.EmitterStatistics {

        @Override
        public int registrations() {
            return DefaultEmitter.this.registry.state().registrations.length;
        }

        @Override
        public int pendingAsync() {
            return DefaultEmitter.this.inFlight.pending();
        }

    }

}
