package dev.eventbus.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wakes emitting threads that wait for room in the executor (overflow policy block, or caller-runs for an ordered
 * listener) when one of the emitter's tasks starts or an ordered lane is released. Signalling costs one volatile
 * read while nobody waits; waiters also wake on their own after a short slice, since work that is not the
 * emitter's can free room in a shared executor too.
 */
final class RoomSignal {

    private final AtomicInteger waiters = new AtomicInteger();

    void signal() {
        if (this.waiters.get() > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    void await(long nanos) throws InterruptedException {
        this.waiters.incrementAndGet();
        try {
            synchronized (this) {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
        }
        finally {
            this.waiters.decrementAndGet();
        }
    }

}
