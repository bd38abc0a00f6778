package dev.eventbus.jdbc;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.autoconfigure.EventBusProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lease is renewed while its publication runs, however long the run; completed publications leave the log after
 * their retention, deleted or archived.
 */
class LeaseAndRetentionTest {

    @Test
    void leaseOfARunLongerThanTheLeaseIsRenewedSoNoOtherInstanceTakesItOver() {
        String url = Applications.newH2();
        String[] properties = { "eventbus.durable.lease=600ms", "eventbus.durable.poll-interval=20ms", "slow.work=2500" };
        try (ConfigurableApplicationContext a = start(url, "a", properties);
                ConfigurableApplicationContext b = start(url, "b", properties)) {
            PublicationRows rows = new PublicationRows(a.getBean(DataSource.class));
            a.getBean(Emitter.class).emit("report.requested", "monthly");

            await().atMost(Duration.ofSeconds(15)).until(() -> rows.count("completed") == 1);
            assertThat(a.getBean(Slow.class).started).containsExactly("a monthly");
            assertThat(b.getBean(Slow.class).started).as("runs started by the other instance").isEmpty();
        }
    }

    @Test
    void restartUnderTheSameInstanceIdDeliversWhatItsEarlierRunHadClaimedWithoutWaitingForTheLease() {
        String url = Applications.newH2();
        start(url, "a").close();
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa",
                ""));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO eventbus_publication (event_id, listener_id, event_name, origin, args, "
                + "schema_version, status, attempts, created_at, next_attempt_at, lease_owner, lease_until) "
                + "VALUES ('claimed-before', 'report', 'report.requested', 'a', '[\"quarterly\"]', 1, 'owed', 0, ?, ?, "
                + "'a', ?)", now, now, now.plusHours(1));

        try (ConfigurableApplicationContext context = start(url, "a")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Slow.class).runs.size() == 1);
            assertThat(context.getBean(Slow.class).runs).containsExactly("a quarterly");
        }
    }

    @Test
    void completedPublicationsAreDeletedAfterTheirRetention() {
        try (ConfigurableApplicationContext context = start(Applications.newH2(), "a",
                "eventbus.durable.completed-retention=0s", "eventbus.durable.purge-interval=50ms")) {
            PublicationRows rows = new PublicationRows(context.getBean(DataSource.class));
            context.getBean(Emitter.class).emit("report.requested", "weekly");

            await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Slow.class).runs.size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> rows.count() == 0);
            assertThat(archived(rows.jdbc())).isZero();
        }
    }

    @Test
    void completedPublicationsAreArchivedWhenConfigured() {
        try (ConfigurableApplicationContext context = start(Applications.newH2(), "a",
                "eventbus.durable.completed-retention=0s", "eventbus.durable.purge-interval=50ms",
                "eventbus.durable.archive-completed=true")) {
            PublicationRows rows = new PublicationRows(context.getBean(DataSource.class));
            context.getBean(Emitter.class).emit("report.requested", "daily");

            await().atMost(Duration.ofSeconds(10)).until(() -> archived(rows.jdbc()) == 1);
            assertThat(rows.count()).isZero();
            assertThat(rows.jdbc().queryForMap("SELECT status, args FROM eventbus_publication_archive"))
                .containsEntry("STATUS", "completed")
                .containsEntry("ARGS", "[\"daily\"]");
        }
    }

    @Test
    void completedPublicationsWithinTheirRetentionStay() {
        try (ConfigurableApplicationContext context = start(Applications.newH2(), "a",
                "eventbus.durable.purge-interval=50ms")) {
            PublicationRows rows = new PublicationRows(context.getBean(DataSource.class));
            context.getBean(Emitter.class).emit("report.requested", "yearly");
            await().atMost(Duration.ofSeconds(10)).until(() -> rows.count("completed") == 1);
            // several purges pass over it: a week's retention keeps it
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> rows.count("completed") == 1);
        }
    }

    private static int archived(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication_archive", Integer.class);
    }

    private static ConfigurableApplicationContext start(String url, String instance, String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "eventbus.instance-id=" + instance;
        System.arraycopy(properties, 0, all, 1, properties.length);
        return Applications.start(url, new Class<?>[] { App.class }, all);
    }

    static class Slow {

        final List<String> started = new CopyOnWriteArrayList<>();

        final List<String> runs = new CopyOnWriteArrayList<>();

        private final String instance;

        private final long work;

        Slow(EventBusProperties properties, @org.springframework.beans.factory.annotation.Value("${slow.work:0}") long work) {
            this.instance = properties.getInstanceId();
            this.work = work;
        }

        @On(value = "report.requested", id = "report", durable = true)
        void report(String period) throws InterruptedException {
            this.started.add(this.instance + " " + period);
            Thread.sleep(this.work);
            this.runs.add(this.instance + " " + period);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Slow.class)
    static class App {

    }

}
