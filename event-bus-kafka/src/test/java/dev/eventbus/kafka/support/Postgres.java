package dev.eventbus.kafka.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for this JVM's tests, started from Maven artifacts on first use; each caller takes a
 * database of its own.
 */
public final class Postgres {

    private static final AtomicInteger databases = new AtomicInteger();

    private static EmbeddedPostgres server;

    private Postgres() {
    }

    /**
     * Creates a new, empty database.
     * @return its JDBC URL (user {@code postgres})
     */
    public static synchronized String newDatabase() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }));
                server = started;
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
            }
        }
        String name = "kafka_" + databases.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + name, ex);
        }
        return server.getJdbcUrl("postgres", name);
    }

    /**
     * The properties that put an instance on a database, with the event bus's tables created.
     * @param url the database
     * @return the properties
     */
    public static String[] on(String url) {
        return new String[] { "spring.datasource.url=" + url, "spring.datasource.username=postgres",
                "eventbus.durable.schema.initialize=always", "eventbus.kafka.inbox.initialize-schema=always",
                "spring.datasource.hikari.maximum-pool-size=5" };
    }

}
