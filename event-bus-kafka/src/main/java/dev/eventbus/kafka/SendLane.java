package dev.eventbus.kafka;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.eventbus.core.Delivery;
import dev.eventbus.core.Invocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Where published events are handed to the Kafka producer: one thread, in the order they arrive, so that events of
 * one key reach the broker in the order they were committed, and no committing thread waits for a broker that is
 * away. When {@value #CAPACITY} sends are waiting, a new one is refused (with the outbox, its publication is retried
 * later; without it, the refusal reaches {@code "error"}). It drains when the application stops, after the emitter
 * has (so the last emits' sends leave) and before the producer is closed.
 * <p>
 * Each send is decorated at the hand-off as the bus decorates an async listener's run (the emitter's
 * {@code EmitInterceptor#decorate}): with context propagation, it runs in the emitting thread's observation and trace,
 * so the record carries the emit's trace to the instances that receive it.
 */
final class SendLane implements Delivery, SmartLifecycle {

    static final int CAPACITY = 10_000;

    private static final Log logger = LogFactory.getLog(SendLane.class);

    private final ThreadPoolExecutor executor;

    private final UnaryOperator<Runnable> decorator;

    SendLane(UnaryOperator<Runnable> decorator) {
        this.decorator = decorator;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("eventbus-kafka-send-");
        threads.setDaemon(true);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(CAPACITY),
                threads, (task, pool) -> {
                    throw new RejectedExecutionException("The Kafka send lane is " + (pool.isShutdown() ? "closed"
                            : "full (" + CAPACITY + " sends waiting for the producer)"));
                });
    }

    @Override
    public void deliver(Invocation invocation) {
        this.executor.execute(this.decorator.apply(invocation::run));
    }

    /** Stops taking sends and waits for those handed over to reach the producer. */
    void drain(Duration timeout) {
        this.executor.shutdown();
        try {
            if (!this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.warn(this.executor.getQueue().size() + " events were still waiting to be sent to Kafka when "
                        + "the application stopped; with the outbox they are sent again after a restart");
                this.executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.executor.shutdownNow();
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        drain(Duration.ofSeconds(10));
    }

    @Override
    public boolean isRunning() {
        return !this.executor.isShutdown();
    }

    @Override
    public int getPhase() {
        // below the emitter's lifecycle (Integer.MAX_VALUE - 3072), which stops before
        return Integer.MAX_VALUE - 4096;
    }

    @Override
    public String toString() {
        return "kafka-send-lane";
    }

}
