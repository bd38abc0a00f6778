package dev.eventbus.benchmarks.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What each contender's listener does with an event, the same on both sides: it takes the time since the emit, checks
 * that the event is the next of its customer (the sequence one more than the last one received: none went
 * backwards, none came twice, none was skipped) and counts it, so that the benchmark knows when a batch has arrived.
 * <p>
 * One batch at a time: {@link #expect(int)} before it is sent, then the latch it returns opens when it has all
 * arrived, and {@link #latencies()} holds the batch's latencies in arrival order, {@link #firstLatency()} that of its
 * first event.
 */
public final class Receipts {

    private final Map<String, AtomicLong> lastSequence = new ConcurrentHashMap<>();

    private final AtomicLong received = new AtomicLong();

    private final AtomicLong outOfOrder = new AtomicLong();

    private final AtomicInteger inBatch = new AtomicInteger();

    private volatile long[] latencies = new long[0];

    private volatile long firstEmittedAt = Long.MIN_VALUE;

    private volatile long firstLatency = -1;

    private volatile CountDownLatch arrived = new CountDownLatch(0);

    private volatile @Nullable String firstViolation;

    /**
     * Handles one received event: the listener's work.
     * @param order the event
     */
    public void record(CustomerOrder order) {
        long latency = System.nanoTime() - order.emittedAt();
        AtomicLong last = this.lastSequence.computeIfAbsent(order.customerId(), (customer) -> new AtomicLong(-1));
        long previous = last.getAndSet(order.sequence());
        if (order.sequence() != previous + 1) {
            violation(order, previous);
        }
        if (order.emittedAt() == this.firstEmittedAt) {
            this.firstLatency = latency;
        }
        int slot = this.inBatch.getAndIncrement();
        long[] batch = this.latencies;
        if (slot < batch.length) {
            batch[slot] = latency;
        }
        this.received.incrementAndGet();
        this.arrived.countDown();
    }

    private void violation(CustomerOrder order, long previous) {
        this.outOfOrder.incrementAndGet();
        if (this.firstViolation == null) {
            String what = (order.sequence() <= previous) ? ((order.sequence() == previous) ? "came twice"
                    : "went backwards") : "skipped " + (order.sequence() - previous - 1) + " event(s)";
            this.firstViolation = "customer " + order.customerId() + " " + what + ": event " + order.sequence()
                    + " arrived after event " + previous + " on thread " + Thread.currentThread().getName();
        }
    }

    /**
     * Prepares for the next batch.
     * @param events how many it holds
     * @return the latch that opens when they have all arrived
     */
    CountDownLatch expect(int events) {
        if (this.latencies.length != events) {
            this.latencies = new long[events];
        }
        this.inBatch.set(0);
        this.firstEmittedAt = Long.MIN_VALUE;
        this.firstLatency = -1;
        CountDownLatch latch = new CountDownLatch(events);
        this.arrived = latch;
        return latch;
    }

    /**
     * Names the first event of the batch, before it is sent, so that its latency is kept apart: it leaves into an
     * idle pipeline (the previous batch has arrived), with the rest of its batch behind it.
     * @param emittedAt its {@link CustomerOrder#emittedAt()}
     */
    void first(long emittedAt) {
        this.firstEmittedAt = emittedAt;
    }

    /** The latency of the batch's first event, in nanoseconds; -1 if it was not seen. */
    long firstLatency() {
        return this.firstLatency;
    }

    /** The latencies of the batch, in nanoseconds, in the order the events arrived; read after its latch opened. */
    long[] latencies() {
        return this.latencies;
    }

    /** How many events have arrived, in all. */
    long received() {
        return this.received.get();
    }

    /** How many events were not the next of their customer. */
    long outOfOrder() {
        return this.outOfOrder.get();
    }

    /** How many customers have sent at least one event. */
    int customers() {
        return this.lastSequence.size();
    }

    /**
     * Fails when an event was not the next of its customer.
     * @throws IllegalStateException naming the first such event
     */
    void requireOrder() {
        long violations = this.outOfOrder.get();
        if (violations > 0) {
            throw new IllegalStateException(violations + " event(s) broke their customer's order; the first: "
                    + this.firstViolation);
        }
    }

}
