package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application on one PostgreSQL database share the publication log: each publication runs on
 * exactly one of them while leases hold, and the work an instance had claimed when it dies goes to the other once
 * its leases expire.
 */
class TwoInstancesTest {

    private static final int EVENTS = 1000;

    @Test
    void eachPublicationRunsOnExactlyOneInstanceWhileLeasesHold() {
        String url = database();
        try (ConfigurableApplicationContext a = start(url, "a", "eventbus.durable.lease=60s");
                ConfigurableApplicationContext b = start(url, "b", "eventbus.durable.lease=60s")) {
            JdbcTemplate jdbc = new JdbcTemplate(a.getBean(DataSource.class));
            Emitter emitterA = a.getBean(Emitter.class);
            Emitter emitterB = b.getBean(Emitter.class);
            for (int i = 0; i < EVENTS; i++) {
                ((i % 2 == 0) ? emitterA : emitterB).emit("job.requested", new Effects.Job(i));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> completed(jdbc) == EVENTS);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM effect_runs", Integer.class)).isEqualTo(EVENTS);
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT event_id) FROM effect_runs", Integer.class))
                .isEqualTo(EVENTS);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM effects", Integer.class)).isEqualTo(EVENTS);
            // the log was shared, not split: each instance ran publications the other one wrote
            Map<String, Object> crossed = jdbc.queryForMap("SELECT "
                    + "SUM(CASE WHEN p.origin = 'a' AND r.instance = 'b' THEN 1 ELSE 0 END) AS a_to_b, "
                    + "SUM(CASE WHEN p.origin = 'b' AND r.instance = 'a' THEN 1 ELSE 0 END) AS b_to_a "
                    + "FROM eventbus_publication p JOIN effect_runs r ON r.event_id = p.event_id");
            assertThat(((Number) crossed.get("a_to_b")).intValue()).isPositive();
            assertThat(((Number) crossed.get("b_to_a")).intValue()).isPositive();
        }
    }

    @Test
    void workClaimedByAnInstanceThatDiesIsDeliveredByTheOtherOnceItsLeasesExpire() {
        String url = database();
        ConfigurableApplicationContext a = start(url, "a", "eventbus.durable.lease=2s", "effects.work=20",
                "eventbus.async.core-size=2", "eventbus.async.shutdown-timeout=0s");
        try (ConfigurableApplicationContext b = start(url, "b", "eventbus.durable.lease=2s", "effects.work=20")) {
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
            Emitter emitterA = a.getBean(Emitter.class);
            for (int i = 0; i < EVENTS; i++) {
                emitterA.emit("job.requested", new Effects.Job(i));
            }
            await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM effects WHERE instance = 'a'",
                        Integer.class) >= 20);

            a.close();
            List<String> leftByA = jdbc.queryForList("SELECT event_id FROM eventbus_publication "
                    + "WHERE status = 'owed' AND lease_owner = 'a'", String.class);
            assertThat(leftByA).as("publications A had claimed and not settled when it died").isNotEmpty();

            await().atMost(Duration.ofSeconds(90)).until(() -> completed(jdbc) == EVENTS);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM effects", Integer.class)).isEqualTo(EVENTS);
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT event_id) FROM effect_runs", Integer.class))
                .isEqualTo(EVENTS);
            for (String eventId : leftByA) {
                assertThat(jdbc.queryForList("SELECT instance FROM effect_runs WHERE event_id = ?", String.class,
                        eventId))
                    .as("runs of %s, left claimed by A", eventId)
                    .contains("b");
            }
        }
        finally {
            a.close();
        }
    }

    private static int completed(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'completed'",
                Integer.class);
    }

    private static String database() {
        String url = PostgresServer.newDatabase();
        new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "")).execute(Effects.SCHEMA);
        return url;
    }

    private static ConfigurableApplicationContext start(String url, String instance, String... properties) {
        String[] all = new String[properties.length + 4];
        all[0] = "eventbus.instance-id=" + instance;
        all[1] = "eventbus.durable.max-in-flight=8";
        all[2] = "eventbus.durable.page-size=8";
        all[3] = "eventbus.durable.poll-interval=20ms";
        System.arraycopy(properties, 0, all, 4, properties.length);
        return Applications.start(url, new Class<?>[] { App.class }, all);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Effects.class)
    static class App {

    }

}
