package dev.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

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
 * no lock, except to remove a once- or many-listener as it takes its last call (and the listener of an
 * {@link EventStream}, which buffers under the stream's own lock).
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
     * Appends a listener that is called at most {@code times} times, even under concurrent emits, then removed (the
     * call that uses up the last one removes it before it runs), as EventEmitter2's {@code many}. Its
     * {@link ListenerInfo} shows {@code once} only when {@code times} is 1, where it is {@link #once}.
     * {@link #off(String, Listener)} takes it back by the same listener object.
     * @param event the name or pattern
     * @param times how many calls it takes, at least 1
     * @param listener the listener
     * @return a subscription that removes this registration when closed
     * @throws IllegalArgumentException when {@code times} is less than 1 (the message gives it), or the name or
     * listener is invalid
     * @throws UnsupportedOperationException when this emitter predates the method (an implementation of one's own
     * that does not override it)
     */
    default Subscription many(String event, int times, Listener listener) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not support many(\"" + event + "\", " + times + ", listener)");
    }

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
     * How many registrations of this listener object an emit of this concrete name would reach now (patterns
     * included), as Node's {@code listenerCount(eventName, listener)}: the same object registered twice counts twice.
     * @param event the concrete event name
     * @param listener the listener object, compared by identity (a {@link #rawListeners(String) raw listener}
     * stands for its {@code @On} method)
     * @return the number of its matching registrations
     * @throws IllegalArgumentException when the name is invalid or the listener {@code null}
     * @throws UnsupportedOperationException when this emitter predates the method (an implementation of one's own
     * that does not override it)
     */
    default int listenerCount(String event, Listener listener) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not support listenerCount(\"" + event + "\", listener)");
    }

    /**
     * The listeners an emit of this concrete name would reach now, in dispatch order (patterns included).
     * @param event the concrete event name
     * @return an immutable list
     */
    List<ListenerInfo> listeners(String event);

    /**
     * The listener objects registered under exactly this name or pattern, in dispatch order, as Node's
     * {@code rawListeners}: the very objects passed to {@code on}, {@code once}, {@code many} and the
     * {@code prepend} methods, so that identity works, for {@link #off(String, Listener)} and
     * {@link #listenerCount(String, Listener)}. A once-listener is itself (there is no wrapper; its
     * {@link ListenerInfo} tells that it is one).
     * <p>
     * An {@code @On} method appears as a {@link StageListener} that stands for it, the same object under each of the
     * method's patterns: {@code off} with it removes the method's registration under that pattern, and calling it
     * runs the method on the calling thread (sync even when the method is async): its arguments bound from the
     * event, its condition evaluated (a false one skips it), its returned {@code CompletionStage} given back by
     * {@link StageListener#handle(Event)}.
     * @param event the name or pattern the listeners were registered under
     * @return an immutable list
     * @throws IllegalArgumentException when the name or pattern is invalid
     * @throws UnsupportedOperationException when this emitter predates the method (an implementation of one's own
     * that does not override it)
     */
    default List<Listener> rawListeners(String event) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not support rawListeners(\"" + event + "\")");
    }

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
     * Waits for the next event matching a name or pattern that the filter accepts, for at most {@code timeout}, as
     * EventEmitter2's {@code waitFor}. No thread is started: the timeout is a task on a shared scheduler.
     * @param event the name or pattern
     * @param filter tested on each matching event, on the emitting thread; an exception it throws completes the
     * future exceptionally with it (the emit goes on)
     * @param timeout how long to wait, positive
     * @return a future completed with the first accepted event; completed exceptionally with a
     * {@link java.util.concurrent.TimeoutException} once the timeout has passed, or when {@code "error"} is emitted
     * first (unless {@code event} is {@code "error"}), as {@link #next(String)}. However it completes (a match, the
     * timeout, an error, cancelling it), its temporary listeners are removed.
     * @throws IllegalArgumentException when the name is invalid, the filter {@code null}, or the timeout
     * {@code null}, zero or negative
     */
    default CompletableFuture<Event> next(String event, Predicate<? super Event> filter, Duration timeout) {
        return NextMatchingEvent.await(this, event, filter, timeout);
    }

    /**
     * Opens a stream of the events matching a name or pattern, with the default capacity
     * ({@value EventStream#DEFAULT_CAPACITY} events) and wait (10 s) of {@link #stream(String, int, Duration)}.
     * @param event the name or pattern
     * @return an open stream; close it to remove its listeners
     * @throws IllegalArgumentException when the name or pattern is invalid
     */
    default EventStream stream(String event) {
        return stream(event, EventStream.DEFAULT_CAPACITY, EventStream.DEFAULT_MAX_WAIT);
    }

    /**
     * Opens a stream of the events matching a name or pattern, for a consumer that takes them one at a time, as
     * Node's {@code events.on(emitter, name)}: from now on each such event waits in the stream's buffer until it is
     * taken. When the buffer is full, the emit waits for room for up to {@code maxWait}, then fails with an
     * {@link EventStreamException} that also ends the stream: events are never dropped silently. An
     * {@code "error"} emit ends the stream too. See {@link EventStream}.
     * @param event the name or pattern
     * @param capacity how many events may wait in the buffer, at least 1
     * @param maxWait how long an emit may wait for room, zero to fail at once
     * @return an open stream; close it to remove its listeners
     * @throws IllegalArgumentException when the name or pattern is invalid, {@code capacity} is less than 1 or
     * {@code maxWait} {@code null} or negative
     */
    default EventStream stream(String event, int capacity, Duration maxWait) {
        return EventStream.open(this, event, capacity, maxWait);
    }

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
