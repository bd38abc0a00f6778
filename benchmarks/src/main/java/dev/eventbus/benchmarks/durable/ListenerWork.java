package dev.eventbus.benchmarks.durable;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each contender's listener does with an event: the same small piece of work, counted, so that the benchmark
 * knows when every event has reached its listener.
 */
public final class ListenerWork {

    private final LongAdder calls = new LongAdder();

    private final AtomicLong total = new AtomicLong();

    /**
     * Handles one event.
     * @param order the event
     */
    public void apply(OrderPaid order) {
        this.total.addAndGet(order.amount());
        this.calls.increment();
    }

    /**
     * How many events have been handled.
     * @return the count
     */
    public long calls() {
        return this.calls.sum();
    }

    /**
     * Forgets the counts, between iterations.
     */
    public void reset() {
        this.calls.reset();
        this.total.set(0);
    }

}
