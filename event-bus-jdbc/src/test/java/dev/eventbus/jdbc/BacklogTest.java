package dev.eventbus.jdbc;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog of 100,000 owed publications on PostgreSQL is recovered by an instance whose heap is capped at 256 MB:
 * it claims them a page at a time, with bounded work in flight, never the whole backlog at once.
 */
class BacklogTest {

    private static final int BACKLOG = 100_000;

    @Test
    void hundredThousandOwedPublicationsAreRecoveredIn256Megabytes() throws Exception {
        String url = PostgresServer.newDatabase();
        // a first start creates the tables
        Applications.start(url, new Class<?>[] { App.class }).close();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        jdbc.update("INSERT INTO eventbus_publication (event_id, listener_id, event_name, origin, args, "
                + "schema_version, status, attempts, created_at, next_attempt_at) "
                + "SELECT 'backlog-' || n, 'count', 'job.requested', 'gone', '[{\"number\":' || n || '}]', 1, "
                + "'owed', 0, now(), now() FROM generate_series(1, ?) AS n", BACKLOG);

        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                BacklogApplication.class, url)) {
            assertThat(child.process.waitFor(240, TimeUnit.SECONDS)).as("recovered within 4 minutes").isTrue();
            child.awaitOutput();
            assertThat(child.process.exitValue()).as("exit code; output %s", child.lines).isZero();
            assertThat(child.linesStartingWith("received ")).containsExactly(String.valueOf(BACKLOG));
            assertThat(child.linesStartingWith("sum ")).containsExactly(String.valueOf((long) BACKLOG * (BACKLOG + 1) / 2));
            assertThat(Long.parseLong(child.linesStartingWith("max-heap ").get(0))).isLessThanOrEqualTo(256L << 20);
            System.out.println("Backlog of " + BACKLOG + " recovered in " + child.linesStartingWith("seconds ")
                .get(0) + " s");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'completed'",
                Integer.class)).isEqualTo(BACKLOG);
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    @org.springframework.context.annotation.Import(BacklogApplication.Counter.class)
    static class App {

    }

}
