package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;

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
 * A real crash: a JVM emitting durable jobs on PostgreSQL is killed ({@code destroyForcibly}, no shutdown of any kind)
 * while deliveries are in flight; a new instance on the same database delivers every owed publication, and the
 * idempotent listener applies each job's effect once.
 */
class CrashTest {

    @Test
    void publicationsOwedByAKilledProcessAreAllDeliveredByTheNextOneWithEachEffectOnce() throws Exception {
        String url = PostgresServer.newDatabase();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        jdbc.execute(Effects.SCHEMA);
        List<String> emitted;
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), CrashingApplication.class, url, "doomed",
                "100000")) {
            await().atMost(Duration.ofSeconds(60))
                .until(() -> child.lines.contains("started") && effects(jdbc) >= 20 && owed(jdbc) >= 100);
            child.process.destroyForcibly().waitFor();
            child.awaitOutput();
            emitted = child.linesStartingWith("emitted ");
        }
        int owedAtCrash = owed(jdbc);
        int inFlightAtCrash = jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'owed' "
                + "AND lease_owner = 'doomed'", Integer.class);
        assertThat(owedAtCrash).as("publications owed when the process died").isGreaterThan(50);
        assertThat(inFlightAtCrash).as("publications claimed by the process when it died").isPositive();
        assertThat(emitted).hasSizeGreaterThan(100);

        try (ConfigurableApplicationContext survivor = Applications.start(url, new Class<?>[] { App.class },
                "eventbus.instance-id=survivor", "eventbus.durable.max-in-flight=64")) {
            await().atMost(Duration.ofSeconds(120)).until(() -> owed(jdbc) == 0);
        }

        int publications = jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication", Integer.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'completed'",
                Integer.class)).isEqualTo(publications);
        assertThat(publications).as("every emit that returned wrote its publication").isGreaterThanOrEqualTo(
                emitted.size());
        assertThat(effects(jdbc)).as("one effect per publication").isEqualTo(publications);
        List<String> jobsWithEffect = jdbc.queryForList("SELECT CAST(job AS VARCHAR) FROM effects", String.class);
        assertThat(jobsWithEffect).as("every job whose emit returned had its effect").containsAll(emitted);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT event_id) FROM effect_runs", Integer.class))
            .isEqualTo(publications);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM effects WHERE instance = 'survivor'", Integer.class))
            .as("effects the survivor applied").isGreaterThanOrEqualTo(owedAtCrash - inFlightAtCrash);
    }

    private static int effects(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM effects", Integer.class);
    }

    private static int owed(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'owed'", Integer.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Effects.class)
    static class App {

    }

}
