package dev.eventbus.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors whose threads carry a recognisable name, so a test can tell which thread ran a listener.
 */
final class NamedExecutors {

    static final String ASYNC_PREFIX = "bus-async-";

    private NamedExecutors() {
    }

    static ExecutorService async(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, (runnable) -> {
            Thread thread = new Thread(runnable, ASYNC_PREFIX + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
