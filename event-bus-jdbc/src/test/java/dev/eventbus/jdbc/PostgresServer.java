package dev.eventbus.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server for the tests of this JVM, started from Maven artifacts on first use and stopped when
 * the JVM ends; each test takes a database of its own. The Kafka module's tests use it too (this module's test jar).
 */
public final class PostgresServer {

    private static final AtomicInteger databases = new AtomicInteger();

    private static EmbeddedPostgres server;

    private PostgresServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                    // durability of the test server itself is not under test: the log's is, through commits
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
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
        return server;
    }

    /**
     * Creates a new, empty database.
     * @return its JDBC URL (user {@code postgres})
     */
    public static String newDatabase() {
        EmbeddedPostgres postgres = server();
        String name = "eventbus_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + name, ex);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

}
