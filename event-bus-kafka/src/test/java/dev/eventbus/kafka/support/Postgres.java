package dev.eventbus.kafka.support;

import dev.eventbus.jdbc.PostgresServer;

/**
 * Databases on a real PostgreSQL server (the durable-delivery module's test server, started from Maven artifacts on
 * first use), one per caller, and the properties that put an instance on one.
 */
public final class Postgres {

    private Postgres() {
    }

    /**
     * Creates a new, empty database on the durable-delivery module's test server.
     * @return its JDBC URL (user {@code postgres})
     */
    public static String newDatabase() {
        return PostgresServer.newDatabase();
    }

    /**
     * The properties that put an instance on a database, with the event bus's tables created.
     * @param url the database
     * @return the properties
     */
    public static String[] on(String url) {
        return new String[] { "spring.datasource.url=" + url, "spring.datasource.username=postgres",
                "eventbus.durable.schema.initialize=always", "eventbus.kafka.initialize-schema=always",
                "spring.datasource.hikari.maximum-pool-size=5" };
    }

}
