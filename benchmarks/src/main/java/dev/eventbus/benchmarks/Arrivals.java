package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Counts the events an async listener has received, so that a benchmark can wait until a batch has gone all the way
 * through, and fail instead of measuring nothing when a contender drops events.
 */
public final class Arrivals {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicLong arrived = new AtomicLong();

    private volatile @Nullable Object last;

    private long expected;

    /**
     * Called by the async listener, on the executor's thread.
     * @param argument what the listener received
     */
    public void arrive(Object argument) {
        this.last = argument;
        this.arrived.incrementAndGet();
    }

    /**
     * Waits, spinning, until every event posted so far, plus {@code posted} more, has arrived.
     * @param contender names the contender in the failure message
     * @param posted events posted since the last wait
     * @throws IllegalStateException when they have not all arrived within 10 seconds
     */
    public void await(String contender, int posted) {
        this.expected += posted;
        long start = System.nanoTime();
        int spins = 0;
        while (this.arrived.get() < this.expected) {
            Thread.onSpinWait();
            if (++spins % 1024 == 0 && System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException(contender + " delivered " + this.arrived.get() + " of "
                        + this.expected + " events to its async listener (last: " + this.last + ")");
            }
        }
    }

}
