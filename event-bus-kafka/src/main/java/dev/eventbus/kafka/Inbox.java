package dev.eventbus.kafka;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox of ONE listeners: a listener runs for a received event in a transaction that also records
 * (event id, listener id), so that once that transaction has committed, a redelivery of the record (after a crash, a
 * rebalance, a replay) does not run it again. Two instances receiving one record at once (during a rebalance)
 * collide on the primary key: the second one's attempt fails and is retried, and then finds the entry.
 */
final class Inbox {

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
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
                    eventId, listenerId, Timestamp.from(this.clock.instant()));
            run.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }

    /** Deletes the entries older than the retention. */
    int purge(Duration retention) {
        return this.jdbc.update("DELETE FROM eventbus_inbox WHERE received_at < ?",
                Timestamp.from(this.clock.instant().minus(retention)));
    }

}
