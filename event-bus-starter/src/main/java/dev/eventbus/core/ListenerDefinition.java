package dev.eventbus.core;

import java.lang.reflect.Type;
import java.util.List;
import java.util.function.Predicate;

import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Phase;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Everything the engine needs to register one listener under one or more names or patterns: what
 * {@link AnnotatedListenerScanner} makes of an {@code @On} method, and what a programmatic listener becomes.
 *
 * @param id the listener id
 * @param patterns the names or patterns, validated
 * @param order dispatch order
 * @param async whether it runs on the executor
 * @param once whether it fires at most once (across all of its patterns)
 * @param condition the condition source, {@code ""} for none (for {@link ListenerInfo})
 * @param invoker what runs it
 * @param ordered whether an async listener receives its events one at a time, in the order they were emitted
 * @param maxCalls how many times it may be called in all (across all of its patterns) before it is removed;
 * {@code 0} for no limit, {@code 1} for a once-listener (so {@code once} is true exactly when this is 1)
 * @param phase when it runs, relative to the transaction active at the emit
 * @param durable whether its deliveries are written to a publication log first (then it is always async)
 * @param instances which instances of the application run it
 */
public record ListenerDefinition(String id, List<String> patterns, int order, boolean async, boolean once,
        String condition, ListenerInvoker invoker, boolean ordered, int maxCalls, Phase phase, boolean durable,
        Instances instances) {

    public ListenerDefinition {
        if (phase == null || instances == null) {
            throw new IllegalArgumentException("Listener '" + id + "' must have a phase and instances, but had "
                    + phase + " and " + instances);
        }
        if (maxCalls < 0 || (once && maxCalls > 1)) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be called at most " + maxCalls
                    + " times" + (once ? " and once" : ""));
        }
        if (once) {
            maxCalls = 1;
        }
        once = maxCalls == 1;
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("Listener '" + id + "' must have at least one event name or pattern");
        }
        for (String pattern : patterns) {
            EventPattern.parse(pattern);
        }
        if (ordered && !async) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be ordered without being async: "
                    + "a sync listener already runs in emit order on the emitting thread");
        }
        if (phase == Phase.BEFORE_COMMIT && async && !durable) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be async at phase BEFORE_COMMIT: that "
                    + "phase runs inside the transaction, on the committing thread, and an async listener would run "
                    + "outside it; remove async = true, or take AFTER_COMMIT");
        }
        if (durable) {
            checkDurable(id, maxCalls, ordered, phase);
            // it runs after the commit, on the bus executor
            async = true;
        }
    }

    private static void checkDurable(String id, int maxCalls, boolean ordered, Phase phase) {
        if (maxCalls > 0) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be durable and "
                    + ((maxCalls == 1) ? "once" : "limited to " + maxCalls + " calls") + ": a publication is "
                    + "delivered until it succeeds, which a listener that removes itself cannot promise");
        }
        if (ordered) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be durable and ordered: a failed "
                    + "publication is retried later, behind the events emitted after it");
        }
        if (phase != Phase.IMMEDIATE && phase != Phase.AFTER_COMMIT) {
            throw new IllegalArgumentException("Listener '" + id + "' cannot be durable at phase " + phase
                    + ": a durable listener runs after the commit that keeps its publication (phase AFTER_COMMIT, "
                    + "or IMMEDIATE, which means the same for it)");
        }
    }

    /**
     * A definition of a listener that runs at the emit, in this instance, called without a limit or a number of times.
     * @param id the listener id
     * @param patterns the names or patterns, validated
     * @param order dispatch order
     * @param async whether it runs on the executor
     * @param once whether it fires at most once (across all of its patterns)
     * @param condition the condition source, {@code ""} for none
     * @param invoker what runs it
     * @param ordered whether an async listener receives its events one at a time, in the order they were emitted
     * @param maxCalls how many times it may be called in all, {@code 0} for no limit
     */
    public ListenerDefinition(String id, List<String> patterns, int order, boolean async, boolean once,
            String condition, ListenerInvoker invoker, boolean ordered, int maxCalls) {
        this(id, patterns, order, async, once, condition, invoker, ordered, maxCalls, Phase.IMMEDIATE, false,
                Instances.THIS);
    }

    /**
     * A definition of a listener that is called without a limit, or once.
     * @param id the listener id
     * @param patterns the names or patterns, validated
     * @param order dispatch order
     * @param async whether it runs on the executor
     * @param once whether it fires at most once (across all of its patterns)
     * @param condition the condition source, {@code ""} for none
     * @param invoker what runs it
     * @param ordered whether an async listener receives its events one at a time, in the order they were emitted
     */
    public ListenerDefinition(String id, List<String> patterns, int order, boolean async, boolean once,
            String condition, ListenerInvoker invoker, boolean ordered) {
        this(id, patterns, order, async, once, condition, invoker, ordered, once ? 1 : 0);
    }

    /**
     * A definition of a listener that is not ordered.
     * @param id the listener id
     * @param patterns the names or patterns, validated
     * @param order dispatch order
     * @param async whether it runs on the executor
     * @param once whether it fires at most once (across all of its patterns)
     * @param condition the condition source, {@code ""} for none
     * @param invoker what runs it
     */
    public ListenerDefinition(String id, List<String> patterns, int order, boolean async, boolean once,
            String condition, ListenerInvoker invoker) {
        this(id, patterns, order, async, once, condition, invoker, false);
    }

    /**
     * The definition of a programmatic listener ({@code on}, {@code prependListener}): sync, order 0, no condition,
     * with the id {@code "lambda"} for a lambda or an anonymous class, else the simple name of its class.
     * @param pattern the name or pattern
     * @param listener the listener
     * @return the definition
     * @throws IllegalArgumentException when the listener is {@code null} or the pattern is invalid
     */
    public static ListenerDefinition of(String pattern, Listener listener) {
        Assert.notNull(listener, "Listener must not be null");
        EventPattern.parse(pattern);
        return new ListenerDefinition(ProgrammaticInvoker.idOf(listener), List.of(pattern), 0, false, false, "",
                new ProgrammaticInvoker(listener));
    }

    /**
     * The definition of a programmatic listener that runs only for the events a condition accepts (evaluated on the
     * emitting thread, before a once-listener is consumed); otherwise as {@link #of(String, Listener)}.
     * @param pattern the name or pattern
     * @param listener the listener
     * @param condition whether the listener runs for an event; what it throws is the listener's failure
     * @return the definition
     * @throws IllegalArgumentException when the listener or the condition is {@code null} or the pattern is invalid
     */
    public static ListenerDefinition of(String pattern, Listener listener, Predicate<? super Event> condition) {
        Assert.notNull(listener, "Listener must not be null");
        Assert.notNull(condition, "Condition must not be null");
        EventPattern.parse(pattern);
        return new ListenerDefinition(ProgrammaticInvoker.idOf(listener), List.of(pattern), 0, false, false, "",
                new ProgrammaticInvoker(listener, condition));
    }

    /**
     * This definition, firing at most once (across all of its patterns).
     * @return a copy that is a once-listener
     */
    public ListenerDefinition firingOnce() {
        return firingAtMost(1);
    }

    /**
     * This definition, called at most {@code times} times (across all of its patterns), then removed: the call that
     * uses up the last one removes it before it runs.
     * @param times how many calls it may take, at least 1
     * @return a copy with that limit
     * @throws IllegalArgumentException when {@code times} is less than 1
     */
    public ListenerDefinition firingAtMost(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("Listener '" + this.id + "' must be allowed at least one call, but "
                    + "times was " + times);
        }
        return new ListenerDefinition(this.id, this.patterns, this.order, this.async, false, this.condition,
                this.invoker, this.ordered, times, this.phase, this.durable, this.instances);
    }

    /**
     * This definition under another listener id.
     * @param id the listener id
     * @return a copy with that id
     */
    public ListenerDefinition withId(String id) {
        return new ListenerDefinition(id, this.patterns, this.order, this.async, this.once, this.condition,
                this.invoker, this.ordered, this.maxCalls, this.phase, this.durable, this.instances);
    }

    /**
     * This definition, run at a phase of the transaction active at the emit.
     * @param phase the phase
     * @return a copy with that phase
     */
    public ListenerDefinition inPhase(Phase phase) {
        return new ListenerDefinition(this.id, this.patterns, this.order, this.async, this.once, this.condition,
                this.invoker, this.ordered, this.maxCalls, phase, this.durable, this.instances);
    }

    /**
     * This definition, durable: its deliveries are written to a publication log first, and it runs after the commit
     * on the bus executor.
     * @return a durable copy
     * @throws IllegalArgumentException when the definition cannot be durable (limited, ordered, or at a phase other
     * than {@code IMMEDIATE} or {@code AFTER_COMMIT})
     */
    public ListenerDefinition durably() {
        return new ListenerDefinition(this.id, this.patterns, this.order, true, this.once, this.condition,
                this.invoker, this.ordered, this.maxCalls, this.phase, true, this.instances);
    }

    /**
     * This definition, run by other instances of the application too.
     * @param instances which instances run it
     * @return a copy with that audience
     */
    public ListenerDefinition forInstances(Instances instances) {
        return new ListenerDefinition(this.id, this.patterns, this.order, this.async, this.once, this.condition,
                this.invoker, this.ordered, this.maxCalls, this.phase, this.durable, instances);
    }

    /**
     * How the registration of one of its patterns is described.
     * @param pattern the pattern
     * @return the description
     */
    public ListenerInfo info(String pattern) {
        return new ListenerInfo(this.id, pattern, this.order, this.async, this.once, this.condition, this.phase,
                this.durable, this.instances, this.ordered);
    }

    /**
     * Runs one listener for one event. Implementations are bound once, at registration; the engine calls
     * {@link #bind}, then {@link #accepts} on the emitting thread, then {@link #invoke} now or on the executor.
     * <p>
     * A sync listener that is not a once-listener and whose invoker {@link #invokesDirectly() invokes directly} takes
     * the emit path's short way instead: {@link #checkArguments}, then {@link #invokeDirectly}, with the emitted
     * arguments as they were passed and the {@link Event} only if the invoker {@link #needsEvent() needs it}, so that
     * delivering to it allocates nothing. So does any other listener whose invoker invokes directly, an async one
     * included, when it is not an inline once-listener: {@link #checkArguments} on the emitting thread at its turn,
     * then {@link #invokeDirectly} when it runs, wherever that is.
     */
    public interface ListenerInvoker {

        /**
         * Binds the emitted arguments to what {@link #invoke} takes.
         * @param event the event being delivered
         * @return the bound arguments (an empty array when the listener takes the event alone)
         * @throws dev.eventbus.ListenerArgumentException when the arguments cannot be bound
         */
        Object[] bind(Event event);

        /**
         * Evaluates the listener's condition.
         * @param event the event being delivered
         * @param bound what {@link #bind} returned
         * @return whether the listener runs for this event ({@code true} when it has no condition)
         */
        default boolean accepts(Event event, Object[] bound) {
            return true;
        }

        /**
         * Runs the listener.
         * @param event the event being delivered
         * @param bound what {@link #bind} returned
         * @return what the listener returned ({@code CompletionStage}s are awaited), or {@code null}
         * @throws Throwable whatever the listener threw
         */
        @Nullable
        Object invoke(Event event, Object[] bound) throws Throwable;

        /**
         * The types that the emitted arguments bind to, in order (an {@link Event} parameter takes no position): what
         * a module that stores or receives arguments as JSON turns them back into before {@link #bind}.
         * @return the declared generic parameter types, or {@code null} when the invoker declares none (a
         * programmatic listener, which takes the {@link Event} alone)
         */
        default @Nullable List<Type> argumentTypes() {
            return null;
        }

        /**
         * The object {@link dev.eventbus.Emitter#off(String, dev.eventbus.Listener)} compares against, and, when it
         * is a {@link Listener}, what {@link dev.eventbus.Emitter#rawListeners(String)} returns for the registration
         * (otherwise a view of this invoker that {@code off} does not take).
         * @return the identity of this listener
         */
        Object identity();

        /**
         * Whether the engine may run this listener with {@link #checkArguments} and {@link #invokeDirectly} instead
         * of {@link #bind}, {@link #accepts} and {@link #invoke}: only an invoker without a condition may.
         * @return whether it invokes directly; {@code false} unless overridden
         */
        default boolean invokesDirectly() {
            return false;
        }

        /**
         * Whether {@link #invokeDirectly} reads its event; when not, the engine passes {@code null} and creates no
         * event for it.
         * @return whether the event is needed; {@code true} unless overridden
         */
        default boolean needsEvent() {
            return true;
        }

        /**
         * Checks, before the run is timed or intercepted, that {@link #invokeDirectly} can bind the emitted arguments.
         * The arguments come as {@code (single, all)}: exactly {@code single} when {@code all} is {@code null},
         * otherwise every element of {@code all}.
         * @param event the emitted name
         * @param single the one argument, when {@code all} is {@code null}
         * @param all every argument, or {@code null}
         * @throws dev.eventbus.ListenerArgumentException when the arguments cannot be bound
         */
        default void checkArguments(String event, @Nullable Object single, @Nullable Object @Nullable [] all) {
        }

        /**
         * Whether {@link #invokeDirectly} fails before running the listener when {@link #checkArguments} would: then,
         * when no interceptor observes the run, the engine calls {@link #checkArguments} only after
         * {@link #invokeDirectly} failed, to report that failure as the check's when the arguments are the cause.
         * @return whether the check may follow a failure; {@code false} unless overridden
         */
        default boolean checksArgumentsOnFailure() {
            return false;
        }

        /**
         * Runs the listener with the emitted arguments, after {@link #checkArguments}. {@code all} is the emit's
         * snapshot of its arguments, shared with its event: read it, never change it.
         * @param event the event being delivered, or {@code null} when {@link #needsEvent()} is {@code false}
         * @param single the one argument, when {@code all} is {@code null}
         * @param all every argument, or {@code null}
         * @return what the listener returned ({@code CompletionStage}s are awaited), or {@code null}
         * @throws Throwable whatever the listener threw
         */
        default @Nullable Object invokeDirectly(@Nullable Event event, @Nullable Object single,
                @Nullable Object @Nullable [] all) throws Throwable {
            if (event == null) {
                throw new IllegalStateException("Listener invoker " + this + " needs the event");
            }
            return invoke(event, bind(event));
        }
    }
}
