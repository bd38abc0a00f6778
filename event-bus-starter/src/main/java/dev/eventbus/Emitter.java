package dev.eventbus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A central event emitter with the semantics of Node.js's {@code EventEmitter}: named events, listeners called in
 * order on the emitting thread, {@code once} listeners, wildcard patterns, a special {@code "error"} event and a
 * leak warning.
 * <p>
 * <b>Names and patterns.</b> A name is a non-blank string of {@code .}-separated, non-empty segments. A listener
 * may be registered under a pattern where {@code *} matches exactly one segment and {@code **} zero or more. Emitted
 * names are literal: a name containing {@code *} is rejected. {@code null}, blank or malformed names and patterns
 * are rejected with an {@link IllegalArgumentException} that quotes the value.
 * <p>
 * <b>Ordering.</b> Listeners run by ascending {@link On#order() order}, then registration position: {@code on}
 * appends, {@code prepend*} puts the listener before every listener registered so far. The set of listeners is
 * fixed when an emit starts: a listener added during an emit is not called in it, a listener removed during an
 * emit still is (unless it is a once-listener that already fired).
 * <p>
 * <b>Errors.</b> A sync listener that throws stops the emit; an unchecked exception reaches the caller as the same
 * instance, a checked one wrapped in {@link ListenerInvocationException}. A failure with no caller (an async
 * listener, a failed {@link java.util.concurrent.CompletionStage}) is emitted as {@code "error"} with arguments
 * {@code (Throwable, ListenerFailure)}, or logged at ERROR when nothing listens to {@code "error"}.
 * <p>
 * <b>Threading.</b> Every method is safe to call from any thread, including from inside a listener. Emitting takes
 * no lock, except to remove a once-listener as it fires.
 */
public interface Emitter {

    /**
     * The name under which a listener observes every {@code "error"} without handling it, as Node's
     * {@code events.errorMonitor}. When {@code "error"} is emitted (by {@link #emit} or {@link #emitAsync}, or by the
     * emitter for a failure with no caller), the listeners registered under this name run first, each at its turn
     * as for any emit, with the {@code "error"} event. They do not handle it: with no listener matching
     * {@code "error"}, {@code emit("error", ...)} still throws (after the monitors ran) and a failure with no caller is
     * still logged. {@link #listeners(String) listeners("error")} lists them first, as an emit of {@code "error"}
     * reaches them.
     * <p>
     * A pattern that also matches {@code "error"} ({@code *}, {@code **}) makes an ordinary {@code "error"}
     * listener, not a monitor. Emitting {@code "errorMonitor"} itself is an ordinary emit of that name. Only the
     * {@code "error"} emit pays for monitors: the plan of {@code "error"} holds them, no other emit looks for them.
     */
    String ERROR_MONITOR = "errorMonitor";

    /**
     * Creates a standalone emitter with the defaults: async listeners on {@link java.util.concurrent.ForkJoinPool#commonPool()},
     * a max-listeners warning threshold of 10, no metrics. No Spring context is needed.
     * @return a new emitter
     */
    static Emitter create() {
        return builder().build();
    }

    /**
     * Starts configuring a standalone emitter.
     * @return a new builder
     */
    static Builder builder() {
        return new dev.eventbus.standalone.StandaloneEmitterBuilder();
    }

    /**
     * Emits an event: calls every listener whose name or pattern matches, in order. Sync listeners run now on this
     * thread; async listeners are handed to the executor at their turn. When the executor refuses a hand-off (a full
     * queue), the emitter's overflow policy applies: by default this thread runs the listener itself; it may instead
     * wait for room, or fail the emit with an {@link AsyncOverflowException}. An executor that fails otherwise is
     * that listener's failure, reported like any async failure. A nested emit from inside a listener runs at once,
     * depth first. An {@code @On} method whose patterns overlap is called once per emit, at its first position.
     * <p>
     * {@code emit("error", ...)} with no listener matching {@code "error"} throws the first argument when it is a
     * {@link RuntimeException} or an {@link Error}, otherwise an {@link UnhandledErrorException}.
     * @param event the concrete event name
     * @param args the arguments passed to the listeners, copied; a {@code null} array is the same as none (a
     * single {@code null} argument is {@code emit(event, (Object) null)})
     * @return whether any listener's pattern matched (a listener whose condition is false still counts)
     * @throws IllegalArgumentException when the name is invalid or contains {@code *}
     * @throws ListenerInvocationException when a sync listener throws a checked exception
     * @throws AsyncOverflowException when an async listener is refused and the overflow policy fails the emit
     * @throws EmitterClosedException when the emitter has been closed (in Spring: the application is stopping)
     * @throws MaxDepthExceededException when this emit would nest deeper than the maximum depth on this thread
     * (see {@link Builder#maxDepth(int)})
     */
    boolean emit(String event, Object... args);

    /**
     * Emits like {@link #emit(String, Object...)} and reports the outcome through a future instead of throwing.
     * @param event the concrete event name
     * @param args the arguments passed to the listeners
     * @return a future that completes when every matched listener (sync, async and returned
     * {@code CompletionStage}s) has finished; exceptionally with the first failure, later ones suppressed (an
     * {@link AsyncOverflowException} for a refused async listener)
     * @throws IllegalArgumentException when the name is invalid
     * @throws EmitterClosedException when the emitter has been closed (in Spring: the application is stopping)
     * @throws MaxDepthExceededException when this emit would nest deeper than the maximum depth on this thread
     */
    CompletableFuture<Void> emitAsync(String event, Object... args);

    /**
     * Appends a listener for a name or pattern.
     * @param event the name or pattern
     * @param listener the listener
     * @return a subscription that removes this registration when closed
     */
    Subscription on(String event, Listener listener);

    /**
     * Appends a listener that is called at most once, even under concurrent emits; it is removed before it is called.
     * @param event the name or pattern
     * @param listener the listener
     * @return a subscription that removes this registration when closed
     */
    Subscription once(String event, Listener listener);

    /**
     * Adds a listener before every listener registered so far (within its order).
     * @param event the name or pattern
     * @param listener the listener
     * @return a subscription that removes this registration when closed
     */
    Subscription prependListener(String event, Listener listener);

    /**
     * Adds a once-listener before every listener registered so far (within its order).
     * @param event the name or pattern
     * @param listener the listener
     * @return a subscription that removes this registration when closed
     */
    Subscription prependOnceListener(String event, Listener listener);

    /**
     * Registers every {@link On @On} method of an object, with ids {@code SimpleClassName#methodName} unless
     * {@link On#id()} says otherwise.
     * @param bean the object whose annotated methods become listeners
     * @return a subscription whose {@code close()} removes all of them
     * @throws ListenerDefinitionException when a declaration is invalid; nothing is registered then
     * @throws IllegalArgumentException when the object has no {@code @On} method
     */
    Subscription register(Object bean);

    /**
     * Removes the most recently added registration of this listener object under exactly this name or pattern.
     * @param event the name or pattern it was registered under
     * @param listener the listener object
     * @return whether a registration was removed
     */
    boolean off(String event, Listener listener);

    /**
     * Removes every registration under exactly this name or pattern. As in Node, they go one at a time, the last in
     * dispatch order first, and each is announced with {@code "removeListener"} before the next goes: a
     * {@code removeListener} listener sees {@link #listenerCount(String)} fall one by one.
     * @param event the name or pattern
     * @return how many registrations were removed
     */
    int removeAllListeners(String event);

    /**
     * Removes every registration present when it is called. As in Node, it goes name by name (in
     * {@link #eventNames()} order), each as {@link #removeAllListeners(String)} does, and removes the listeners that
     * match {@code "removeListener"} last, newest first, so that each of them hears about every removal made before
     * its own. A registration made while it runs (by a {@code removeListener} listener) stays.
     * @return how many registrations were removed
     */
    int removeAllListeners();

    /**
     * How many listeners an emit of this concrete name would reach now (patterns included).
     * @param event the concrete event name
     * @return the number of matching registrations
     */
    int listenerCount(String event);

    /**
     * The listeners an emit of this concrete name would reach now, in dispatch order (patterns included).
     * @param event the concrete event name
     * @return an immutable list
     */
    List<ListenerInfo> listeners(String event);

    /**
     * The names and patterns that have at least one listener, in first-registration order.
     * @return an immutable, ordered set
     */
    Set<String> eventNames();

    /**
     * Waits for the next event matching a name or pattern.
     * @param event the name or pattern
     * @return a future completed with that event; completed exceptionally when {@code "error"} is emitted first
     * (unless {@code event} is {@code "error"}); cancelling it or its completion removes its temporary listeners
     */
    CompletableFuture<Event> next(String event);

    /**
     * The leak-warning threshold.
     * @return the maximum number of registrations per name or pattern before a warning; {@code 0} for unlimited
     */
    int getMaxListeners();

    /**
     * Sets the leak-warning threshold. Past it, one WARN line per name or pattern containing
     * {@code MaxListenersExceeded}; it is a warning, not a cap.
     * @param max the threshold, {@code 0} for unlimited
     * @throws IllegalArgumentException when {@code max} is negative
     */
    void setMaxListeners(int max);

    /**
     * Configures a standalone {@link Emitter}.
     */
    interface Builder {

        /**
         * The executor async listeners run on; defaults to {@link java.util.concurrent.ForkJoinPool#commonPool()}.
         * @param executor the executor
         * @return this builder
         */
        Builder executor(Executor executor);

        /**
         * The leak-warning threshold; defaults to 10, {@code 0} for unlimited.
         * @param max the threshold
         * @return this builder
         * @throws IllegalArgumentException when {@code max} is negative
         */
        Builder maxListeners(int max);

        /**
         * The most emits that may be in progress on one thread (an emit from inside a sync listener nests in the
         * emit that called it); defaults to 64. An emit that would go deeper throws a
         * {@link MaxDepthExceededException} listing the chain of event names, instead of overflowing the stack.
         * @param maxDepth the maximum depth
         * @return this builder
         * @throws IllegalArgumentException when {@code maxDepth} is not positive
         * @throws UnsupportedOperationException when this builder predates the setting (a builder of one's own
         *         that does not override it)
         */
        default Builder maxDepth(int maxDepth) {
            throw new UnsupportedOperationException(
                    getClass().getName() + " does not support maxDepth(" + maxDepth + ")");
        }

        /**
         * Records the {@code eventbus.*} meters in this registry; without one the bus records nothing.
         * @param registry the meter registry
         * @return this builder
         */
        Builder meterRegistry(MeterRegistry registry);

        /**
         * Creates the emitter.
         * @return a new emitter
         */
        Emitter build();
    }
}
