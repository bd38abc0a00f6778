package dev.eventbus.jdbc;

import java.time.Duration;

/**
 * Wakes the search of the log early: when publications were written unclaimed, or room was made for more in flight.
 */
final class PollSignal {

    private boolean signalled;

    synchronized void signal() {
        this.signalled = true;
        notifyAll();
    }

    /**
     * Waits until signalled or until the timeout has passed, whichever comes first, and clears the signal.
     * @throws InterruptedException when the waiting thread is interrupted
     */
    synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!this.signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long millis = Math.max(1, left / 1_000_000);
            wait(millis);
        }
        this.signalled = false;
    }

}
