package dev.eventbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The events of one name or pattern, for a consumer that takes them one at a time: Node's
 * {@code events.on(emitter, name)} as a blocking iterator. Opened by {@link Emitter#stream(String, int, Duration)};
 * close it, with try-with-resources, to remove its listeners:
 * <pre>{@code
 * try (EventStream orders = emitter.stream("order.placed")) {
 *     while (orders.hasNext()) {
 *         ship(orders.next().arg(0, Order.class));
 *     }
 * }
 * }</pre>
 * <p>
 * <b>Buffer and back-pressure.</b> Each matching event waits in a buffer of {@code capacity} events until it is
 * taken, in emit order. When the buffer is full, the emitting thread waits for room, for up to {@code maxWait}: the
 * emit is held up, which slows the producer down to the consumer's pace. Past {@code maxWait} (at once when it is
 * zero, or when the waiting thread is interrupted) the emit fails with an {@link EventStreamException} (thrown by
 * {@code emit} as a sync listener's failure, so the listeners after the stream's are not called), and the stream
 * ends with that exception. An event is never dropped silently: it is either buffered or its emit fails.
 * <p>
 * <b>End.</b> The stream ends when it is closed, when it overflows, or when {@code "error"} is emitted (unless the
 * stream is of {@code "error"} itself): it then removes its listeners. After an overflow or an error, the consumer
 * first takes the events buffered before it, then {@link #take()}, {@link #poll(Duration)}, {@link #hasNext()} and
 * {@link #next()} throw an {@link EventStreamException} whose cause is the overflow, or the error (the first
 * argument of the {@code "error"} event, or an {@link UnhandledErrorException} wrapping it when it is not a
 * {@code Throwable}). {@link #close()} discards what is buffered: then {@code hasNext()} is {@code false} and
 * {@code take()} throws.
 * <p>
 * <b>Listeners.</b> A stream registers two programmatic listeners (id {@code "lambda"}, order 0): one under its name
 * or pattern and one under {@code "error"}, which, as in Node, handles the error, so that
 * {@code emit("error", ...)} does not throw while a stream is open. They show in
 * {@link Emitter#listeners(String)} and {@link Emitter#listenerCount(String)} until the stream ends.
 * <p>
 * <b>Threading.</b> Every method is safe to call from any thread. Events are taken in the order they were buffered,
 * by one consumer or shared among several.
 */
public final class EventStream implements Iterator<Event>, AutoCloseable {

    /** The buffer's capacity for {@link Emitter#stream(String)}. */
    public static final int DEFAULT_CAPACITY = 1024;

    /** How long an emit waits for room in a full buffer, for {@link Emitter#stream(String)}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    private final StreamBuffer buffer;

    /** The registrations to remove when it ends; emptied once they are. */
    private final AtomicReference<List<Subscription>> subscriptions = new AtomicReference<>(List.of());

    private final String event;

    private EventStream(String event, int capacity, Duration maxWait) {
        this.event = event;
        this.buffer = new StreamBuffer(event, capacity, maxWait);
    }

    /**
     * Opens a stream on an emitter, with nothing but the emitter's public methods.
     * @see Emitter#stream(String, int, Duration)
     */
    static EventStream open(Emitter emitter, String event, int capacity, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Capacity of the event stream of '" + event
                    + "' must be at least 1, but was " + capacity);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("Max wait of the event stream of '" + event
                    + "' must be zero or positive, but was " + maxWait);
        }
        EventStream stream = new EventStream(event, capacity, maxWait);
        List<Subscription> registered = new ArrayList<>(2);
        registered.add(emitter.on(event, stream::offer));
        if (!"error".equals(event)) {
            try {
                registered.add(emitter.on("error", stream::fail));
            }
            catch (RuntimeException ex) {
                registered.forEach(Subscription::close);
                throw ex;
            }
        }
        stream.subscriptions.set(List.copyOf(registered));
        if (!stream.buffer.isOpen()) {
            // it ended (an "error") before its registrations were known
            stream.removeListeners();
        }
        return stream;
    }

    /** The stream's listener. */
    private void offer(Event delivered) {
        try {
            this.buffer.put(delivered);
        }
        catch (EventStreamException overflow) {
            removeListeners();
            throw overflow;
        }
    }

    /** The stream's {@code "error"} listener. */
    private void fail(Event error) {
        if (this.buffer.fail("was ended by an 'error' event", UnhandledErrorException.failureOf(error.arg(0)))) {
            removeListeners();
        }
    }

    private void removeListeners() {
        this.subscriptions.getAndSet(List.of()).forEach(Subscription::close);
    }

    /**
     * Takes the next event, waiting for one as long as it takes.
     * @return the oldest buffered event
     * @throws EventStreamException when the stream has ended and its buffer is empty (see the type)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Event take() throws InterruptedException {
        return Objects.requireNonNull(this.buffer.poll(0L, true));
    }

    /**
     * Takes the next event, waiting for one up to a timeout.
     * @param timeout how long to wait
     * @return the oldest buffered event, or {@code null} when none arrived in time
     * @throws EventStreamException when the stream has ended and its buffer is empty (see the type)
     * @throws InterruptedException when the thread is interrupted while waiting
     * @throws IllegalArgumentException when the timeout is {@code null}
     */
    public @Nullable Event poll(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            throw new IllegalArgumentException("Timeout must not be null");
        }
        return this.buffer.poll(StreamBuffer.saturatedNanos(timeout), false);
    }

    /**
     * Waits until an event is buffered or the stream has ended.
     * @return {@code true} when an event is there to take, {@code false} once the stream is closed
     * @throws EventStreamException when the stream ended by an overflow or an error and its buffer is empty, or when
     * the thread is interrupted while waiting (its interrupt flag is set again)
     */
    @Override
    public boolean hasNext() {
        return this.buffer.awaitEvent(false) != null;
    }

    /**
     * Takes the next event, waiting for one as long as it takes.
     * @return the oldest buffered event
     * @throws NoSuchElementException once the stream is closed
     * @throws EventStreamException as {@link #hasNext()}
     */
    @Override
    public Event next() {
        Event next = this.buffer.awaitEvent(true);
        if (next == null) {
            throw new NoSuchElementException("Event stream of '" + this.event + "' is closed");
        }
        return next;
    }

    /**
     * Whether the stream still receives events.
     * @return {@code false} once it is closed or has ended
     */
    public boolean isOpen() {
        return this.buffer.isOpen();
    }

    /**
     * How many events wait to be taken.
     * @return the number of buffered events
     */
    public int buffered() {
        return this.buffer.size();
    }

    /**
     * Ends the stream: removes its listeners, discards the buffered events, and releases any emit waiting for room
     * (its event is not buffered). Idempotent; safe from any thread, including inside a listener.
     */
    @Override
    public void close() {
        this.buffer.close();
        removeListeners();
    }

    @Override
    public String toString() {
        return "EventStream[event=" + this.event + ", buffered=" + buffered() + ", "
                + (isOpen() ? "open" : "ended") + "]";
    }
}
