package dev.eventbus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    private final String event;

    private final int capacity;

    private final Duration maxWait;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Condition notFull = this.lock.newCondition();

    private final ArrayDeque<Event> buffer = new ArrayDeque<>();

    /** How the stream ended, for the consumer's exception; null while it is open. Guarded by the lock. */
    private @Nullable String end;

    /** What ended it, when it is not a close. Guarded by the lock. */
    private @Nullable Throwable endCause;

    /** Whether the consumer closed it. Guarded by the lock. */
    private boolean closed;

    /** The registrations to remove when it ends. Guarded by the lock. */
    private List<Subscription> subscriptions = List.of();

    private EventStream(String event, int capacity, Duration maxWait) {
        this.event = event;
        this.capacity = capacity;
        this.maxWait = maxWait;
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
        List<Subscription> subscriptions = new ArrayList<>(2);
        subscriptions.add(emitter.on(event, stream::offer));
        if (!"error".equals(event)) {
            try {
                subscriptions.add(emitter.on("error", stream::fail));
            }
            catch (RuntimeException ex) {
                subscriptions.forEach(Subscription::close);
                throw ex;
            }
        }
        stream.attach(subscriptions);
        return stream;
    }

    private void attach(List<Subscription> registered) {
        this.lock.lock();
        try {
            if (this.end == null) {
                this.subscriptions = registered;
                return;
            }
        }
        finally {
            this.lock.unlock();
        }
        // it ended (an "error") before its registrations were known
        registered.forEach(Subscription::close);
    }

    /** The stream's listener: buffers an event, waiting for room up to the max wait. */
    private void offer(Event delivered) {
        EventStreamException overflow;
        this.lock.lock();
        try {
            long nanos = saturatedNanos(this.maxWait);
            boolean interrupted = false;
            while (this.end == null && this.buffer.size() >= this.capacity && nanos > 0 && !interrupted) {
                try {
                    nanos = this.notFull.awaitNanos(nanos);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                }
            }
            if (this.end != null) {
                // closed by its consumer, or already ended: nobody will take it
                return;
            }
            if (this.buffer.size() < this.capacity) {
                this.buffer.addLast(delivered);
                this.notEmpty.signal();
                return;
            }
            overflow = new EventStreamException(this.event, "Event stream of '" + this.event + "' is full: "
                    + this.capacity + " events not taken by its consumer after waiting " + this.maxWait
                    + (interrupted ? " (interrupted)" : "") + "; the stream has ended. Take events faster, or "
                    + "open the stream with a larger capacity or max wait", null);
            endWith("overflowed", overflow);
        }
        finally {
            this.lock.unlock();
        }
        removeListeners();
        throw overflow;
    }

    /** The stream's {@code "error"} listener. */
    private void fail(Event error) {
        Throwable cause = UnhandledErrorException.failureOf(error.arg(0));
        this.lock.lock();
        try {
            if (this.end != null) {
                return;
            }
            endWith("was ended by an 'error' event", cause);
        }
        finally {
            this.lock.unlock();
        }
        removeListeners();
    }

    /** Under the lock. */
    private void endWith(String how, @Nullable Throwable cause) {
        this.end = how;
        this.endCause = cause;
        this.notEmpty.signalAll();
        this.notFull.signalAll();
    }

    private void removeListeners() {
        List<Subscription> registered;
        this.lock.lock();
        try {
            registered = this.subscriptions;
            this.subscriptions = List.of();
        }
        finally {
            this.lock.unlock();
        }
        registered.forEach(Subscription::close);
    }

    /**
     * Takes the next event, waiting for one as long as it takes.
     * @return the oldest buffered event
     * @throws EventStreamException when the stream has ended and its buffer is empty (see the type)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Event take() throws InterruptedException {
        this.lock.lockInterruptibly();
        try {
            while (this.buffer.isEmpty()) {
                if (this.end != null) {
                    throw ended();
                }
                this.notEmpty.await();
            }
            return removeFirst();
        }
        finally {
            this.lock.unlock();
        }
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
        long nanos = saturatedNanos(timeout);
        this.lock.lockInterruptibly();
        try {
            while (this.buffer.isEmpty()) {
                if (this.end != null) {
                    throw ended();
                }
                if (nanos <= 0) {
                    return null;
                }
                nanos = this.notEmpty.awaitNanos(nanos);
            }
            return removeFirst();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Waits until an event is buffered or the stream has ended.
     * @return {@code true} when an event is there to take, {@code false} once the stream is closed
     * @throws EventStreamException when the stream ended by an overflow or an error and its buffer is empty, or when
     * the thread is interrupted while waiting (its interrupt flag is set again)
     */
    @Override
    public boolean hasNext() {
        this.lock.lock();
        try {
            return awaitEvent();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Takes the next event, waiting for one as long as it takes.
     * @return the oldest buffered event
     * @throws NoSuchElementException once the stream is closed
     * @throws EventStreamException as {@link #hasNext()}
     */
    @Override
    public Event next() {
        this.lock.lock();
        try {
            if (!awaitEvent()) {
                throw new NoSuchElementException("Event stream of '" + this.event + "' is closed");
            }
            return removeFirst();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Under the lock. */
    private boolean awaitEvent() {
        while (this.buffer.isEmpty()) {
            if (this.end != null) {
                if (this.closed) {
                    return false;
                }
                throw ended();
            }
            try {
                this.notEmpty.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new EventStreamException(this.event,
                        "Interrupted while waiting for an event of the stream of '" + this.event + "'", ex);
            }
        }
        return true;
    }

    /** Under the lock. */
    private Event removeFirst() {
        Event first = this.buffer.removeFirst();
        this.notFull.signal();
        return first;
    }

    /** Under the lock. */
    private EventStreamException ended() {
        return new EventStreamException(this.event, "Event stream of '" + this.event + "' " + this.end,
                this.endCause);
    }

    /**
     * Whether the stream still receives events.
     * @return {@code false} once it is closed or has ended
     */
    public boolean isOpen() {
        this.lock.lock();
        try {
            return this.end == null;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * How many events wait to be taken.
     * @return the number of buffered events
     */
    public int buffered() {
        this.lock.lock();
        try {
            return this.buffer.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Ends the stream: removes its listeners, discards the buffered events, and releases any emit waiting for room
     * (its event is not buffered). Idempotent; safe from any thread, including inside a listener.
     */
    @Override
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.buffer.clear();
            endWith("is closed", null);
        }
        finally {
            this.lock.unlock();
        }
        removeListeners();
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        this.lock.lock();
        try {
            return "EventStream[event=" + this.event + ", buffered=" + this.buffer.size() + ", "
                    + ((this.end != null) ? "ended" : "open") + "]";
        }
        finally {
            this.lock.unlock();
        }
    }
}
