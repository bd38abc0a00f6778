package dev.eventbus.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the endpoint and the meters read from the log (counts by status and listener, the oldest owed publication,
 * the failed ones), and the two things an operator does to a failed publication: retry it or discard it.
 */
final class PublicationQueries {

    private static final String TABLE = PublicationLog.TABLE;

    private static final String COUNTS = "SELECT listener_id, status, COUNT(*) FROM " + TABLE
            + " GROUP BY listener_id, status";

    /** What the meters read every few seconds: the rows still to settle, never the days of completed ones. */
    private static final String UNSETTLED_COUNTS = "SELECT listener_id, status, COUNT(*) FROM " + TABLE
            + " WHERE status IN ('" + PublicationLog.OWED + "', '" + PublicationLog.FAILED + "')"
            + " GROUP BY listener_id, status";

    private static final String OLDEST_OWED = "SELECT MIN(created_at) FROM " + TABLE + " WHERE status = '"
            + PublicationLog.OWED + "'";

    private static final String FAILED = "SELECT event_id, listener_id, event_name, attempts, last_error, created_at "
            + "FROM " + TABLE + " WHERE status = '" + PublicationLog.FAILED + "' ORDER BY created_at "
            + "FETCH FIRST ? ROWS ONLY";

    private static final String RETRY = "UPDATE " + TABLE + " SET status = '" + PublicationLog.OWED + "', "
            + "attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
            + "WHERE event_id = ? AND listener_id = ? AND status = '" + PublicationLog.FAILED + "'";

    private static final String DISCARD = "DELETE FROM " + TABLE
            + " WHERE event_id = ? AND listener_id = ? AND status = '" + PublicationLog.FAILED + "'";

    private final JdbcTemplate jdbc;

    private final Clock clock;

    PublicationQueries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** How many publications each listener has in each status, by listener id (sorted), then status. */
    Map<String, Map<String, Long>> countsByListener() {
        return counts(COUNTS);
    }

    /** As {@link #countsByListener()}, for the owed and failed publications only. */
    Map<String, Map<String, Long>> unsettledCountsByListener() {
        return counts(UNSETTLED_COUNTS);
    }

    private Map<String, Map<String, Long>> counts(String query) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        this.jdbc.query(query, (rs) -> {
            counts.computeIfAbsent(rs.getString(1), (id) -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counts;
    }

    /** How many publications there are in each status (every status present, zero included). */
    static Map<String, Long> byStatus(Map<String, Map<String, Long>> byListener) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String status : List.of(PublicationLog.OWED, PublicationLog.FAILED, PublicationLog.COMPLETED)) {
            totals.put(status, 0L);
        }
        byListener.values().forEach((counts) -> counts.forEach((status, count) -> totals.merge(status, count, Long::sum)));
        return totals;
    }

    /** How long the oldest owed publication has been waiting, or {@code null} when none is owed. */
    @Nullable Duration oldestOwedAge() {
        OffsetDateTime oldest = this.jdbc.queryForObject(OLDEST_OWED,
                (rs, row) -> rs.getObject(1, OffsetDateTime.class));
        if (oldest == null) {
            return null;
        }
        Duration age = Duration.between(oldest.toInstant(), this.clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** The oldest failed publications, up to {@code limit}. */
    List<FailedPublication> failed(int limit) {
        return new ArrayList<>(this.jdbc.query(FAILED,
                (rs, row) -> new FailedPublication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), PublicationLog.time(rs, "created_at")),
                limit));
    }

    /**
     * Makes a failed publication owed again, due now, with its attempts counted afresh.
     * @return whether there was such a failed publication
     */
    boolean retry(PublicationKey key) {
        return this.jdbc.update(RETRY, OffsetDateTime.now(this.clock), key.eventId(), key.listenerId()) == 1;
    }

    /**
     * Deletes a failed publication: its listener will never run for that event.
     * @return whether there was such a failed publication
     */
    boolean discard(PublicationKey key) {
        return this.jdbc.update(DISCARD, key.eventId(), key.listenerId()) == 1;
    }

    /**
     * A failed publication, as the endpoint lists it.
     *
     * @param eventId the event id
     * @param listenerId the listener id
     * @param event the event name
     * @param attempts how many attempts were made
     * @param lastError the failure of the last one
     * @param createdAt when the publication was written
     */
    record FailedPublication(String eventId, String listenerId, String event, int attempts, @Nullable String lastError,
            @Nullable OffsetDateTime createdAt) {
    }

}
