package dev.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox table: each published event's record, written whole at the emit (topic, key, value, headers) in the
 * emitting transaction when there is one, numbered in the order of writing, and deleted once the broker has
 * acknowledged it. Only one instance at a time sends from it, under a lease.
 */
final class Outbox {

    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    private final JsonMapper json;

    private final Clock clock;

    Outbox(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Writes a record, in the transaction of this thread if there is one on the outbox's DataSource. */
    void append(ProducerRecord<String, byte[]> record, String eventName) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        this.jdbc.update("INSERT INTO eventbus_outbox (topic, record_key, record_value, headers, event_name, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?)", record.topic(), record.key(),
                new String(record.value(), StandardCharsets.UTF_8), this.json.writeValueAsString(headers), eventName,
                utc(this.clock.instant()));
    }

    /** The oldest records, in the order they were written; a row whose headers cannot be read comes back broken. */
    List<Row> oldest(int limit) {
        return this.jdbc.query("SELECT seq, topic, record_key, record_value, headers, event_name FROM eventbus_outbox "
                + "ORDER BY seq LIMIT ?", (rs, i) -> {
                    long seq = rs.getLong(1);
                    Map<String, String> headers;
                    String broken = null;
                    try {
                        headers = this.json.readValue(rs.getString(5), HEADERS);
                    }
                    catch (RuntimeException ex) {
                        headers = Map.of();
                        broken = "its headers cannot be read (" + ex.getMessage() + ")";
                    }
                    return new Row(seq, rs.getString(2), rs.getString(3), rs.getString(4), headers, rs.getString(6),
                            broken);
                }, limit);
    }

    void delete(List<Long> sent) {
        if (sent.isEmpty()) {
            return;
        }
        this.jdbc.batchUpdate("DELETE FROM eventbus_outbox WHERE seq = ?", sent, 500,
                (statement, seq) -> statement.setLong(1, seq));
    }

    int size() {
        Integer size = this.jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_outbox", Integer.class);
        return (size != null) ? size : 0;
    }

    /**
     * Takes or renews the lease of the sender; {@code true} when this instance holds it until {@code until}. Times are
     * instants (a column with a time zone), so instances in different time zones agree on them; their clocks must
     * agree to well within the lease.
     */
    boolean lease(String owner, Instant until) {
        Instant now = this.clock.instant();
        return this.jdbc.update("UPDATE eventbus_outbox_lease SET owner = ?, lease_until = ? WHERE name = 'sender' "
                + "AND (owner = ? OR lease_until < ?)", owner, utc(until), owner, utc(now)) == 1;
    }

    /** Writes the lease's row when a schema created by hand lacks it (without it nothing would ever be sent). */
    void ensureLeaseRow() {
        this.jdbc.update("INSERT INTO eventbus_outbox_lease (name, owner, lease_until) SELECT 'sender', 'nobody', ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM eventbus_outbox_lease WHERE name = 'sender')", utc(Instant.EPOCH));
    }

    /** Gives the lease up, so that another instance takes it over at once. */
    void release(String owner) {
        this.jdbc.update("UPDATE eventbus_outbox_lease SET lease_until = ? WHERE name = 'sender' AND owner = ?",
                utc(Instant.EPOCH), owner);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * One record of the outbox.
     * @param seq its number, in the order of writing
     * @param topic its topic
     * @param key its key
     * @param value its value, JSON
     * @param headers its headers
     * @param eventName the event's name
     * @param broken why the row cannot be sent as it is, {@code null} when it can
     */
    record Row(long seq, String topic, @Nullable String key, String value, Map<String, String> headers,
            String eventName, @Nullable String broken) {

        ProducerRecord<String, byte[]> record() {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, this.key,
                    this.value.getBytes(StandardCharsets.UTF_8));
            this.headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            return record;
        }

    }

}
