package dev.eventbus.jdbc;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes completed publications past their retention ({@code eventbus.durable.completed-retention}), or moves them to
 * {@code eventbus_publication_archive} when {@code eventbus.durable.archive-completed} is set.
 */
final class PublicationRetention {

    static final String ARCHIVE_TABLE = PublicationLog.TABLE + "_archive";

    private static final String EXPIRED = " WHERE status = '" + PublicationLog.COMPLETED + "' AND completed_at < ?";

    private static final String ARCHIVE = "INSERT INTO " + ARCHIVE_TABLE + " SELECT * FROM " + PublicationLog.TABLE
            + EXPIRED;

    private static final String DELETE = "DELETE FROM " + PublicationLog.TABLE + EXPIRED;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final Duration retention;

    private final boolean archive;

    PublicationRetention(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Duration retention,
            boolean archive) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.retention = retention;
        this.archive = archive;
    }

    /**
     * Deletes (or archives) what completed before the retention.
     * @return how many publications left the log
     */
    int purge(OffsetDateTime now) {
        OffsetDateTime cutoff = now.minus(this.retention);
        Integer removed = this.transaction.execute((status) -> {
            if (this.archive) {
                this.jdbc.update(ARCHIVE, cutoff);
            }
            return this.jdbc.update(DELETE, cutoff);
        });
        return (removed != null) ? removed : 0;
    }

}
