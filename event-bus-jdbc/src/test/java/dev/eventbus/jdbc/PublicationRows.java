package dev.eventbus.jdbc;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the publication table as a test sees it: through a connection of its own, so only what was committed.
 */
final class PublicationRows {

    private final JdbcTemplate jdbc;

    PublicationRows(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return this.jdbc;
    }

    int count() {
        return this.jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication", Integer.class);
    }

    int count(String status) {
        return this.jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = ?", Integer.class,
                status);
    }

    List<Map<String, Object>> all() {
        return this.jdbc.queryForList("SELECT * FROM eventbus_publication ORDER BY created_at, listener_id");
    }

    Map<String, Object> one(String eventId, String listenerId) {
        return this.jdbc.queryForMap("SELECT * FROM eventbus_publication WHERE event_id = ? AND listener_id = ?",
                eventId, listenerId);
    }

}
