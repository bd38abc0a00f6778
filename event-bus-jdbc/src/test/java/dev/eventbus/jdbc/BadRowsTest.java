package dev.eventbus.jdbc;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owed publications that cannot be delivered (arguments that are not JSON or do not fit the listener, a form version
 * this version does not read) are failed with a clear error, and the others are still delivered; one whose listener
 * this instance does not have is attempted like a failing one, so that an instance that has it can deliver it.
 */
class BadRowsTest {

    @Test
    void badRowsAreFailedWithTheirReasonAndTheRestAreDelivered() {
        String url = Applications.newH2();
        // a first run creates the tables and is gone before the rows appear
        Applications.start(url, new Class<?>[] { App.class }).close();
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa", ""));
        String good1 = insert(jdbc, "invoice", "[{\"id\":\"g-1\",\"amount\":1}]", 1);
        String notJson = insert(jdbc, "invoice", "[{\"id\":", 1);
        String notAnArray = insert(jdbc, "invoice", "{\"id\":\"x\"}", 1);
        String wrongType = insert(jdbc, "invoice", "[{\"id\":\"w\",\"amount\":\"lots\"}]", 1);
        String unknown = insert(jdbc, "gone-listener", "[{\"id\":\"u\",\"amount\":1}]", 1);
        String future = insert(jdbc, "invoice", "[{\"id\":\"f\",\"amount\":1}]", 2);
        String good2 = insert(jdbc, "invoice", "[{\"id\":\"g-2\",\"amount\":2}]", 1);

        try (ConfigurableApplicationContext context = Applications.start(url, new Class<?>[] { App.class },
                "eventbus.instance-id=reader", "eventbus.durable.retry.max-attempts=2",
                "eventbus.durable.retry.initial-interval=50ms", "eventbus.durable.retry.jitter=0")) {
            PublicationRows rows = new PublicationRows(context.getBean(DataSource.class));
            await().atMost(Duration.ofSeconds(15)).until(() -> rows.count("owed") == 0);

            assertThat(context.getBean(Recorder.class).orders).containsExactlyInAnyOrder(new Order("g-1", 1),
                    new Order("g-2", 2));
            assertThat(status(rows, good1, "invoice")).containsEntry("STATUS", "completed");
            assertThat(status(rows, good2, "invoice")).containsEntry("STATUS", "completed");
            assertThat(error(rows, notJson, "invoice")).startsWith("Cannot be delivered: Stored arguments are not "
                    + "valid JSON");
            assertThat(error(rows, notAnArray, "invoice"))
                .isEqualTo("Cannot be delivered: Stored arguments are not a JSON array: {\"id\":\"x\"}");
            assertThat(error(rows, wrongType, "invoice"))
                .startsWith("Cannot be delivered: Stored argument 0 cannot be bound to dev.eventbus.jdbc.Order")
                .contains("lots");
            assertThat(error(rows, unknown, "gone-listener")).isEqualTo("dev.eventbus.EventBusException: No durable "
                    + "listener with id 'gone-listener' is registered in this instance (reader); an instance that has "
                    + "it may deliver the publication");
            assertThat(status(rows, unknown, "gone-listener")).as("attempted, then failed after the last attempt")
                .containsEntry("ATTEMPTS", 2);
            assertThat(error(rows, future, "invoice")).isEqualTo("Cannot be delivered: it was stored in form "
                    + "version 2, and this version of event-bus reads version 1");
            for (String bad : List.of(notJson, notAnArray, wrongType, future)) {
                assertThat(status(rows, bad, "invoice")).containsEntry("STATUS", "failed").containsEntry("ATTEMPTS", 0);
            }
            List<ListenerFailure> reported = context.getBean(Recorder.class).failures;
            await().atMost(Duration.ofSeconds(5)).until(() -> reported.size() == 5);
            assertThat(reported).extracting(ListenerFailure::listenerId)
                .containsExactlyInAnyOrder("invoice", "invoice", "invoice", "invoice", "gone-listener");
            assertThat(context.getBean(Recorder.class).errors).extracting(Throwable::getMessage)
                .filteredOn((message) -> message.contains("cannot be delivered"))
                .hasSize(4);
            assertThat(context.getBean(Recorder.class).errors).extracting(Throwable::getMessage)
                .filteredOn((message) -> message.startsWith("No durable listener with id 'gone-listener'"))
                .hasSize(1);
        }
    }

    @Test
    void rowOfAListenerThisInstanceLacksIsLeftToAnInstanceThatHasIt() {
        String url = Applications.newH2();
        Applications.start(url, new Class<?>[] { App.class }).close();
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa", ""));
        try (ConfigurableApplicationContext older = Applications.start(url, new Class<?>[] { Bare.class },
                "eventbus.instance-id=older", "eventbus.durable.retry.initial-interval=100ms",
                "eventbus.durable.retry.multiplier=1", "eventbus.durable.retry.jitter=0",
                // searches less often than the newer one, which so finds the row due first
                "eventbus.durable.poll-interval=1s")) {
            String eventId = insert(jdbc, "invoice", "[{\"id\":\"r-1\",\"amount\":1}]", 1);
            PublicationRows rows = new PublicationRows(older.getBean(DataSource.class));
            await().atMost(Duration.ofSeconds(10)).until(() -> (Integer) status(rows, eventId, "invoice")
                .get("ATTEMPTS") >= 1);
            assertThat(status(rows, eventId, "invoice")).containsEntry("STATUS", "owed");

            try (ConfigurableApplicationContext newer = Applications.start(url, new Class<?>[] { App.class },
                    "eventbus.instance-id=newer")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> rows.count("completed") == 1);
                assertThat(newer.getBean(Recorder.class).orders).containsExactly(new Order("r-1", 1));
            }
        }
    }

    private static Map<String, Object> status(PublicationRows rows, String eventId, String listenerId) {
        return rows.one(eventId, listenerId);
    }

    private static String error(PublicationRows rows, String eventId, String listenerId) {
        Map<String, Object> row = rows.one(eventId, listenerId);
        assertThat(row).containsEntry("STATUS", "failed");
        return (String) row.get("LAST_ERROR");
    }

    private static String insert(JdbcTemplate jdbc, String listenerId, String args, int schemaVersion) {
        String eventId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO eventbus_publication (event_id, listener_id, event_name, origin, args, "
                + "schema_version, status, attempts, created_at, next_attempt_at) VALUES (?, ?, 'order.placed', "
                + "'crashed-instance', ?, ?, 'owed', 0, ?, ?)", eventId, listenerId, args, schemaVersion, now, now);
        return eventId;
    }

    static class Recorder {

        final List<Order> orders = new CopyOnWriteArrayList<>();

        final List<ListenerFailure> failures = new CopyOnWriteArrayList<>();

        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @On("error")
        void error(Throwable error, ListenerFailure failure) {
            this.errors.add(error);
            this.failures.add(failure);
        }

        @On(value = "order.placed", id = "invoice", durable = true)
        void invoice(Order order) {
            this.orders.add(order);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Recorder.class)
    static class App {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Bare {

    }

}
