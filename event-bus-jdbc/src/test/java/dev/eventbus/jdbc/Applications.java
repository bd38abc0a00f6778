package dev.eventbus.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the tests' applications: a real Spring Boot application (so it is ready, and searches the log) on a
 * database of its own or a shared one.
 */
final class Applications {

    private Applications() {
    }

    /** A JDBC URL of a new in-memory H2 database that lives until the JVM ends. */
    static String newH2() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Starts an application.
     * @param url the JDBC URL of its database
     * @param sources its configuration classes
     * @param properties more properties, as {@code name=value}
     */
    static ConfigurableApplicationContext start(String url, Class<?>[] sources, String... properties) {
        List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + url,
                "spring.datasource.hikari.maximum-pool-size=8", "eventbus.durable.poll-interval=50ms",
                "spring.main.banner-mode=off", "logging.level.root=WARN"));
        if (url.startsWith("jdbc:postgresql:")) {
            all.add("spring.datasource.username=postgres");
            all.add("eventbus.durable.schema.initialize=always");
        }
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
            .properties(all.toArray(String[]::new))
            .run();
    }

}
