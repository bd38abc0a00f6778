package dev.eventbus.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.eventbus.Event;
import dev.eventbus.On;
import dev.eventbus.autoconfigure.EventBusProperties;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An idempotent durable listener with an effect outside the JVM: each run is recorded in {@code effect_runs}, and
 * its effect is applied once per event id in {@code effects} (the event id is the primary key), however often it
 * runs. Property {@code effects.work} makes each run take that many milliseconds.
 */
class Effects {

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS effect_runs (event_id VARCHAR(64) NOT NULL, "
            + "instance VARCHAR(64) NOT NULL); CREATE TABLE IF NOT EXISTS effects (event_id VARCHAR(64) PRIMARY KEY, "
            + "job INTEGER NOT NULL, instance VARCHAR(64) NOT NULL)";

    final AtomicInteger runs = new AtomicInteger();

    private final JdbcTemplate jdbc;

    private final String instance;

    private final long work;

    Effects(DataSource dataSource, EventBusProperties properties,
            @org.springframework.beans.factory.annotation.Value("${effects.work:0}") long work) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.instance = properties.getInstanceId();
        this.work = work;
    }

    @On(value = "job.requested", id = "apply", durable = true)
    void apply(Job job, Event event) throws InterruptedException {
        this.jdbc.update("INSERT INTO effect_runs (event_id, instance) VALUES (?, ?)", event.id(), this.instance);
        if (this.work > 0) {
            Thread.sleep(this.work);
        }
        this.jdbc.update("INSERT INTO effects (event_id, job, instance) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                event.id(), job.number(), this.instance);
        this.runs.incrementAndGet();
    }

    /** What the listener takes. */
    record Job(int number) {
    }

}
