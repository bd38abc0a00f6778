package dev.eventbus.benchmarks.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One contender of the durable benchmark: an application context on the embedded PostgreSQL that publishes events
 * durably, each in a transaction of its own, and a query that counts the publications it has completed.
 */
public abstract class DurableContender implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    protected final ConfigurableApplicationContext context;

    private final TransactionTemplate transaction;

    private final JdbcTemplate jdbc;

    private final ListenerWork work;

    protected DurableContender(ConfigurableApplicationContext context) {
        this.context = context;
        this.transaction = context.getBean(TransactionTemplate.class);
        this.jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        this.work = context.getBean(ListenerWork.class);
    }

    /** Publishes one event durably, inside the current transaction. */
    protected abstract void publish(OrderPaid order);

    /** The query counting the completed publications. */
    protected abstract String completedCount();

    /** The statement that empties the publication table between iterations. */
    protected abstract String clear();

    /**
     * Publishes events, each in a transaction of its own, from a number of producer threads, then waits until every
     * one has reached its listener and its publication is recorded as completed.
     * @param events how many, in all
     * @param iteration which batch this is, to keep event contents distinct
     * @param producers the threads that publish, each its share of the events; empty to publish on this thread
     */
    public void publishAndAwait(int events, int iteration, List<ExecutorService> producers) {
        if (producers.isEmpty()) {
            publishRange(iteration, 0, events);
        }
        else {
            int share = events / producers.size();
            List<Future<?>> running = new ArrayList<>(producers.size());
            for (int p = 0; p < producers.size(); p++) {
                int from = p * share;
                int to = (p == producers.size() - 1) ? events : from + share;
                running.add(producers.get(p).submit(() -> publishRange(iteration, from, to)));
            }
            for (Future<?> producer : running) {
                try {
                    producer.get();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while publishing", ex);
                }
                catch (ExecutionException ex) {
                    throw new IllegalStateException("A producer failed", ex.getCause());
                }
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // the listener count first, in memory; the database only then, so that polling it does not load it
        while (this.work.calls() < events) {
            waitBriefly(deadline, events);
        }
        while (completed() < events) {
            waitBriefly(deadline, events);
        }
    }

    private void waitBriefly(long deadline, int events) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(getClass().getSimpleName() + " completed " + completed() + " of "
                    + events + " publications (" + this.work.calls() + " listener calls) within " + TIMEOUT);
        }
        try {
            Thread.sleep(1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for publications", ex);
        }
    }

    private void publishRange(int iteration, int from, int to) {
        for (int i = from; i < to; i++) {
            OrderPaid order = new OrderPaid("o-" + iteration + "-" + i, 100 + i);
            this.transaction.executeWithoutResult((status) -> publish(order));
        }
    }

    private long completed() {
        Long count = this.jdbc.queryForObject(completedCount(), Long.class);
        return (count != null) ? count : 0L;
    }

    /**
     * Empties the publication table and the counts, between iterations.
     */
    public void reset() {
        this.jdbc.update(clear());
        this.work.reset();
    }

    @Override
    public void close() {
        this.context.close();
    }

}
