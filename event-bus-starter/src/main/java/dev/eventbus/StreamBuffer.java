package dev.eventbus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The buffer behind an {@link EventStream}: a bounded queue whose producers wait for room up to a limit, and whose
 * end (a close, an overflow, an error) reaches its consumers once they have taken what was buffered before it.
 */
final class StreamBuffer {

    private final String event;

    private final int capacity;

    private final Duration maxWait;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Condition notFull = this.lock.newCondition();

    private final ArrayDeque<Event> events = new ArrayDeque<>();

    /** How the stream ended, for the consumer's exception; null while it is open. Guarded by the lock. */
    private @Nullable String end;

    /** What ended it, when it is not a close. Guarded by the lock. */
    private @Nullable Throwable endCause;

    /** Whether the consumer closed it. Guarded by the lock. */
    private boolean closed;

    StreamBuffer(String event, int capacity, Duration maxWait) {
        this.event = event;
        this.capacity = capacity;
        this.maxWait = maxWait;
    }

    /**
     * Buffers an event, waiting for room up to the max wait. An event that comes after the end is not buffered:
     * nobody would take it.
     * @throws EventStreamException when there is still no room after the wait (or the thread is interrupted while
     * it waits); the buffer has ended with it
     */
    void put(Event delivered) {
        this.lock.lock();
        try {
            long nanos = saturatedNanos(this.maxWait);
            boolean interrupted = false;
            while (this.end == null && this.events.size() >= this.capacity && nanos > 0 && !interrupted) {
                try {
                    nanos = this.notFull.awaitNanos(nanos);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                }
            }
            if (this.end != null) {
                return;
            }
            if (this.events.size() < this.capacity) {
                this.events.addLast(delivered);
                this.notEmpty.signal();
                return;
            }
            EventStreamException overflow = new EventStreamException(this.event, "Event stream of '" + this.event
                    + "' is full: " + this.capacity + " events not taken by its consumer after waiting "
                    + this.maxWait + (interrupted ? " (interrupted)" : "") + "; the stream has ended. Take events "
                    + "faster, or open the stream with a larger capacity or max wait", null);
            endWith("overflowed", overflow);
            throw overflow;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Ends the buffer with a failure, unless it has ended already.
     * @return whether this call ended it
     */
    boolean fail(String how, Throwable cause) {
        this.lock.lock();
        try {
            if (this.end != null) {
                return false;
            }
            endWith(how, cause);
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Ends the buffer for good, discarding what it holds and releasing the producers waiting for room. */
    void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.events.clear();
            endWith("is closed", null);
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Under the lock. */
    private void endWith(String how, @Nullable Throwable cause) {
        this.end = how;
        this.endCause = cause;
        this.notEmpty.signalAll();
        this.notFull.signalAll();
    }

    /**
     * Takes the oldest event, waiting for one.
     * @param timeoutNanos how long to wait, when not {@code forever}
     * @param forever whether to wait as long as it takes
     * @return the event, or {@code null} when none came in time
     * @throws EventStreamException when the buffer has ended and is empty
     */
    @Nullable Event poll(long timeoutNanos, boolean forever) throws InterruptedException {
        long nanos = timeoutNanos;
        this.lock.lockInterruptibly();
        try {
            while (this.events.isEmpty()) {
                if (this.end != null) {
                    throw ended();
                }
                if (forever) {
                    this.notEmpty.await();
                }
                else if (nanos <= 0) {
                    return null;
                }
                else {
                    nanos = this.notEmpty.awaitNanos(nanos);
                }
            }
            return removeFirst();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Waits for an event, without being interruptible, as an {@link java.util.Iterator} must.
     * @param take whether to take it
     * @return the oldest event, taken or left in place; {@code null} once closed
     * @throws EventStreamException when it ended otherwise than by a close, or when the thread is interrupted
     */
    @Nullable Event awaitEvent(boolean take) {
        this.lock.lock();
        try {
            while (this.events.isEmpty()) {
                if (this.end != null) {
                    if (this.closed) {
                        return null;
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
            return take ? removeFirst() : this.events.peekFirst();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Under the lock. */
    private Event removeFirst() {
        Event first = this.events.removeFirst();
        this.notFull.signal();
        return first;
    }

    /** Under the lock. */
    private EventStreamException ended() {
        return new EventStreamException(this.event, "Event stream of '" + this.event + "' " + this.end,
                this.endCause);
    }

    boolean isOpen() {
        this.lock.lock();
        try {
            return this.end == null;
        }
        finally {
            this.lock.unlock();
        }
    }

    int size() {
        this.lock.lock();
        try {
            return this.events.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

}
