package dev.eventbus.core;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * An executor on named threads that knows when every task handed to it (including tasks submitted by its own
 * tasks) has finished, so a test can wait for quiescence instead of sleeping.
 */
final class TrackingExecutor implements Executor, AutoCloseable {

    private final ExecutorService delegate;

    private final AtomicInteger pending = new AtomicInteger();

    private final AtomicInteger executed = new AtomicInteger();

    TrackingExecutor(int threads) {
        this.delegate = NamedExecutors.async(threads);
    }

    @Override
    public void execute(Runnable command) {
        this.pending.incrementAndGet();
        try {
            this.delegate.execute(() -> {
                try {
                    command.run();
                }
                finally {
                    this.executed.incrementAndGet();
                    this.pending.decrementAndGet();
                }
            });
        }
        catch (RuntimeException ex) {
            this.pending.decrementAndGet();
            throw ex;
        }
    }

    int executed() {
        return this.executed.get();
    }

    void awaitIdle(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> this.pending.get() == 0);
    }

    @Override
    public void close() {
        this.delegate.shutdownNow();
    }
}
