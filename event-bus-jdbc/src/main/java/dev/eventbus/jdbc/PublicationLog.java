package dev.eventbus.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The statements that write, claim and settle publications in the {@code eventbus_publication} table: one row per
 * (event id, listener id), each settled by its primary key.
 */
final class PublicationLog {

    static final String TABLE = "eventbus_publication";

    /** The version of the form a publication's arguments are stored in: a JSON array, one element per argument. */
    static final int SCHEMA_VERSION = 1;

    static final String OWED = "owed";

    static final String COMPLETED = "completed";

    static final String FAILED = "failed";

    private static final int MAX_ERROR_LENGTH = 4000;

    private static final String COLUMNS = "event_id, listener_id, event_name, origin, args, schema_version, attempts";

    private static final String INSERT = "INSERT INTO " + TABLE + " (event_id, listener_id, event_name, origin, args, "
            + "schema_version, status, attempts, created_at, next_attempt_at, lease_owner, lease_until) "
            + "VALUES (?, ?, ?, ?, ?, " + SCHEMA_VERSION + ", '" + OWED + "', 0, ?, ?, ?, ?)";

    private static final String COMPLETE = "UPDATE " + TABLE + " SET status = '" + COMPLETED + "', completed_at = ?, "
            + "attempts = attempts + 1, lease_owner = NULL, lease_until = NULL "
            + "WHERE event_id = ? AND listener_id = ? AND status = '" + OWED + "'";

    private static final String RESCHEDULE = "UPDATE " + TABLE + " SET attempts = attempts + 1, last_error = ?, "
            + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
            + "WHERE event_id = ? AND listener_id = ? AND status = '" + OWED + "' AND lease_owner = ?";

    private static final String FAIL = "UPDATE " + TABLE + " SET status = '" + FAILED + "', attempts = attempts + ?, "
            + "last_error = ?, lease_owner = NULL, lease_until = NULL "
            + "WHERE event_id = ? AND listener_id = ? AND status = '" + OWED + "' AND lease_owner = ?";

    private static final String RENEW = "UPDATE " + TABLE + " SET lease_until = ? "
            + "WHERE event_id = ? AND listener_id = ? AND status = '" + OWED + "' AND lease_owner = ?";

    private static final String RELEASE_ALL = "UPDATE " + TABLE + " SET lease_owner = NULL, lease_until = NULL "
            + "WHERE lease_owner = ? AND status = '" + OWED + "'";

    private static final String DUE = "status = '" + OWED + "' AND next_attempt_at <= ? "
            + "AND (lease_until IS NULL OR lease_until < ?)";

    /** One statement: lock a page of due rows, skipping those another transaction holds, and claim them. */
    private static final String CLAIM_SKIP_LOCKED = "UPDATE " + TABLE + " p SET lease_owner = ?, lease_until = ? "
            + "FROM (SELECT event_id, listener_id FROM " + TABLE + " WHERE " + DUE
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due "
            + "WHERE p.event_id = due.event_id AND p.listener_id = due.listener_id RETURNING p.event_id, "
            + "p.listener_id, p.event_name, p.origin, p.args, p.schema_version, p.attempts";

    private static final String SELECT_DUE = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + DUE
            + " ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY";

    /** Claims a row read by {@link #SELECT_DUE} only if no other instance has claimed or settled it since. */
    private static final String CLAIM_IF_UNCHANGED = "UPDATE " + TABLE + " SET lease_owner = ?, lease_until = ? "
            + "WHERE event_id = ? AND listener_id = ? AND attempts = ? AND " + DUE;

    private static final RowMapper<StoredPublication> STORED = (rs, row) -> new StoredPublication(
            new PublicationKey(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getInt(6), rs.getInt(7));

    private final JdbcTemplate jdbc;

    private final boolean skipLocked;

    /**
     * Creates the log's statements.
     * @param jdbc runs them
     * @param skipLocked whether the database claims with {@code FOR UPDATE SKIP LOCKED} and {@code RETURNING}
     * (PostgreSQL); otherwise a row is claimed by a conditional update of what was read
     */
    PublicationLog(JdbcTemplate jdbc, boolean skipLocked) {
        this.jdbc = jdbc;
        this.skipLocked = skipLocked;
    }

    /** Writes the publications of one emit, in one batched statement, in the transaction of the calling thread. */
    void insert(List<NewPublication> publications, OffsetDateTime now) {
        this.jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {

            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewPublication publication = publications.get(i);
                ps.setString(1, publication.key().eventId());
                ps.setString(2, publication.key().listenerId());
                ps.setString(3, publication.eventName());
                ps.setString(4, publication.origin());
                ps.setString(5, publication.args());
                ps.setObject(6, now);
                ps.setObject(7, now);
                ps.setString(8, publication.owner());
                setTime(ps, 9, publication.leaseUntil());
            }

            @Override
            public int getBatchSize() {
                return publications.size();
            }

        });
    }

    /** Marks delivered publications completed, in one batched statement. */
    void complete(List<PublicationKey> keys, OffsetDateTime now) {
        batch(COMPLETE, keys, (ps, key) -> {
            ps.setObject(1, now);
            ps.setString(2, key.eventId());
            ps.setString(3, key.listenerId());
        });
    }

    /**
     * Records a failed attempt and when the next one is due, releasing the claim.
     * @return whether the publication was still claimed by {@code owner}
     */
    boolean reschedule(PublicationKey key, String owner, String error, OffsetDateTime nextAttempt) {
        return this.jdbc.update(RESCHEDULE, truncate(error), nextAttempt, key.eventId(), key.listenerId(), owner) == 1;
    }

    /**
     * Marks a publication failed for good, counting the attempt that failed if one was made.
     * @return whether the publication was still claimed by {@code owner}
     */
    boolean fail(PublicationKey key, String owner, String error, boolean attempted) {
        return this.jdbc.update(FAIL, attempted ? 1 : 0, truncate(error), key.eventId(), key.listenerId(),
                owner) == 1;
    }

    /** Extends the claims of the publications this instance is delivering. */
    void renew(Collection<PublicationKey> keys, String owner, OffsetDateTime leaseUntil) {
        if (keys.isEmpty()) {
            return;
        }
        batch(RENEW, List.copyOf(keys), (ps, key) -> {
            ps.setObject(1, leaseUntil);
            ps.setString(2, key.eventId());
            ps.setString(3, key.listenerId());
            ps.setString(4, owner);
        });
    }

    /** Releases every claim an instance holds: at startup, those of an earlier run under the same instance id. */
    int releaseAll(String owner) {
        return this.jdbc.update(RELEASE_ALL, owner);
    }

    /**
     * Claims up to {@code limit} publications that are due and not claimed by a live lease, oldest due first.
     * @return the publications now claimed by {@code owner}
     */
    List<StoredPublication> claim(String owner, OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        if (this.skipLocked) {
            return this.jdbc.query(CLAIM_SKIP_LOCKED, STORED, owner, leaseUntil, now, now, limit);
        }
        List<StoredPublication> due = this.jdbc.query(SELECT_DUE, STORED, now, now, limit);
        if (due.isEmpty()) {
            return due;
        }
        // one statement per row, as a batch's update counts are not reliable on every driver
        List<StoredPublication> claimed = new ArrayList<>(due.size());
        for (StoredPublication row : due) {
            if (this.jdbc.update(CLAIM_IF_UNCHANGED, owner, leaseUntil, row.key().eventId(), row.key().listenerId(),
                    row.attempts(), now, now) == 1) {
                claimed.add(row);
            }
        }
        return claimed;
    }

    private <T> void batch(String sql, List<T> items, ParameterSetter<T> setter) {
        this.jdbc.batchUpdate(sql, items, items.size(), setter::set);
    }

    private static void setTime(PreparedStatement ps, int index, @Nullable OffsetDateTime time) throws SQLException {
        if (time != null) {
            ps.setObject(index, time);
        }
        else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static String truncate(String error) {
        return (error.length() <= MAX_ERROR_LENGTH) ? error : error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    static @Nullable OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    @FunctionalInterface
    private interface ParameterSetter<T> {

        void set(PreparedStatement ps, T item) throws SQLException;

    }

}
