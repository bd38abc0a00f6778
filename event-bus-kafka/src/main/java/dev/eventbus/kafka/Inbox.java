package dev.eventbus.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox of ONE listeners: a listener runs for a received event in a transaction that also records
 * (event id, listener id), so that once that transaction has committed, a redelivery of the record (after a crash, a
 * rebalance, a replay) does not run it again. Two instances receiving one record at once (during a rebalance)
 * collide on the primary key: the second one's attempt fails and is retried, and then finds the entry. Entries
 * older than the retention are deleted now and then.
 */
final class Inbox implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(Inbox.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final Duration retention;

    private @Nullable ScheduledExecutorService purger;

    Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Runs a listener for an event unless its run has been recorded.
     * @return whether it ran; {@code false} when the inbox held the pair
     */
    boolean runOnce(String eventId, String listenerId, Runnable run) {
        Boolean ran = this.transactions.execute((status) -> {
            Integer seen = this.jdbc.queryForObject(
                    "SELECT COUNT(*) FROM eventbus_inbox WHERE event_id = ? AND listener_id = ?", Integer.class,
                    eventId, listenerId);
            if (seen != null && seen > 0) {
                return false;
            }
            this.jdbc.update("INSERT INTO eventbus_inbox (event_id, listener_id, received_at) VALUES (?, ?, ?)",
                    eventId, listenerId, this.clock.instant().atOffset(ZoneOffset.UTC));
            run.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }

    /** Deletes the entries older than the retention ({@code eventbus.kafka.inbox.retention}). */
    int purge() {
        return this.jdbc.update("DELETE FROM eventbus_inbox WHERE received_at < ?",
                this.clock.instant().minus(this.retention).atOffset(ZoneOffset.UTC));
    }

    @Override
    public synchronized void start() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("eventbus-kafka-inbox-");
        threads.setDaemon(true);
        this.purger = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.max(1, Math.min(this.retention.toMinutes() / 10, 60));
        this.purger.scheduleWithFixedDelay(this::purgeLogged, 1, every, TimeUnit.MINUTES);
    }

    private void purgeLogged() {
        try {
            int purged = purge();
            if (purged > 0 && logger.isDebugEnabled()) {
                logger.debug("Deleted " + purged + " inbox entries older than " + this.retention);
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not delete the inbox entries older than " + this.retention
                    + "; trying again later", ex);
        }
    }

    @Override
    public synchronized void stop() {
        if (this.purger != null) {
            this.purger.shutdownNow();
            this.purger = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.purger != null;
    }

}
