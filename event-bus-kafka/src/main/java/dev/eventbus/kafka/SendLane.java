package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import dev.eventbus.core.Delivery;
import dev.eventbus.core.Invocation;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Where published events are handed to the Kafka producer when there is no outbox: one thread, in the order they
 * arrive (the emit, or the commit of its transaction), so that events of one key reach the broker in that order, and
 * no emitting or committing thread waits for a broker that is away. A send it cannot take (the lane is full, with
 * {@value #CAPACITY} sends waiting, or closed) or still holds when the application stops is not dropped silently: it
 * is reported ({@code "error"} and the {@code eventbus.kafka.sent} failure count).
 * <p>
 * Each send is decorated at the hand-off as the bus decorates an async listener's run (the emitter's
 * {@code EmitInterceptor#decorate}): with context propagation, it runs in the emitting thread's observation and trace,
 * so the record carries the emit's trace to the instances that receive it. It drains when the application stops,
 * after the emitter has (so the last emits' sends leave) and before the producer is closed.
 */
final class SendLane implements Delivery, SmartLifecycle {

    static final int CAPACITY = 10_000;

    private final UnaryOperator<Runnable> decorator;

    private final BiConsumer<Invocation, Throwable> refused;

    private @Nullable ThreadPoolExecutor executor;

    SendLane(UnaryOperator<Runnable> decorator, BiConsumer<Invocation, Throwable> refused) {
        this.decorator = decorator;
        this.refused = refused;
        start();
    }

    @Override
    public void deliver(Invocation invocation) {
        ThreadPoolExecutor executor = this.executor;
        try {
            if (executor == null) {
                throw new RejectedExecutionException("The Kafka send lane is stopped");
            }
            executor.execute(new Send(invocation, this.decorator.apply(invocation::run)));
        }
        catch (RejectedExecutionException ex) {
            this.refused.accept(invocation, ex);
        }
    }

    @Override
    public synchronized void start() {
        if (this.executor == null || this.executor.isShutdown()) {
            CustomizableThreadFactory threads = new CustomizableThreadFactory("eventbus-kafka-send-");
            threads.setDaemon(true);
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(CAPACITY), threads, (task, pool) -> {
                        throw new RejectedExecutionException("The Kafka send lane is " + (pool.isShutdown()
                                ? "stopped" : "full (" + CAPACITY + " sends waiting for the producer)"));
                    });
        }
    }

    @Override
    public void stop() {
        drain(Duration.ofSeconds(10));
    }

    /** Stops taking sends and waits for those handed over to reach the producer; reports those that could not. */
    synchronized void drain(Duration timeout) {
        ThreadPoolExecutor executor = this.executor;
        if (executor == null) {
            return;
        }
        this.executor = null;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reportDropped(executor.shutdownNow());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            reportDropped(executor.shutdownNow());
        }
    }

    private void reportDropped(List<Runnable> dropped) {
        for (Runnable task : dropped) {
            if (task instanceof Send send) {
                this.refused.accept(send.invocation(), new RejectedExecutionException("The application stopped "
                        + "before this event was sent to Kafka"));
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.executor != null;
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

    private record Send(Invocation invocation, Runnable task) implements Runnable {

        @Override
        public void run() {
            this.task.run();
        }

    }

}
