package dev.eventbus.jdbc;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failing durable listener is attempted again with exponential back-off until it succeeds, or until its last
 * attempt, after which the publication is failed, stays visible, and the failure is reported.
 */
class RetryTest {

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (this.context != null) {
            this.context.close();
        }
    }

    private void start(Class<?> listeners) {
        this.context = Applications.start(Applications.newH2(), new Class<?>[] { App.class, listeners },
                "eventbus.durable.retry.initial-interval=200ms", "eventbus.durable.retry.multiplier=2",
                "eventbus.durable.retry.jitter=0", "eventbus.durable.retry.max-attempts=3",
                "eventbus.durable.poll-interval=20ms");
    }

    @Test
    void failingListenerIsAttemptedAgainWithGrowingWaitsUntilItSucceeds() {
        start(Flaky.class);
        Flaky flaky = this.context.getBean(Flaky.class);
        PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));

        this.context.getBean(Emitter.class).emit("payment.due", new Order("o-1", 5));

        await().atMost(Duration.ofSeconds(15)).until(() -> rows.count("completed") == 1);
        assertThat(flaky.attempts).hasSize(3);
        long firstWait = flaky.attempts.get(1) - flaky.attempts.get(0);
        long secondWait = flaky.attempts.get(2) - flaky.attempts.get(1);
        assertThat(Duration.ofNanos(firstWait)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(secondWait)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        Map<String, Object> row = rows.all().get(0);
        assertThat(row).containsEntry("ATTEMPTS", 3).containsEntry("STATUS", "completed");
        assertThat((String) row.get("LAST_ERROR")).isEqualTo("java.lang.IllegalStateException: declined attempt 2");
        OffsetDateTime created = (OffsetDateTime) row.get("CREATED_AT");
        OffsetDateTime lastScheduled = (OffsetDateTime) row.get("NEXT_ATTEMPT_AT");
        assertThat(Duration.between(created, lastScheduled)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void listenerFailingEveryAttemptLeavesAFailedPublicationAndReportsItAsError() {
        start(Declining.class);
        Declining declining = this.context.getBean(Declining.class);
        PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));
        List<Object[]> errors = new CopyOnWriteArrayList<>();
        Emitter emitter = this.context.getBean(Emitter.class);
        emitter.on("error", (event) -> errors.add(event.args().toArray()));

        emitter.emit("payment.due", new Order("o-9", 9));

        await().atMost(Duration.ofSeconds(15)).until(() -> rows.count("failed") == 1);
        Map<String, Object> row = rows.all().get(0);
        assertThat(row).containsEntry("ATTEMPTS", 3)
            .containsEntry("LAST_ERROR", "java.lang.IllegalStateException: declined o-9")
            .containsEntry("LEASE_OWNER", null);
        assertThat(declining.calls).hasValue(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() == 1);
        assertThat((Throwable) errors.get(0)[0]).isInstanceOf(IllegalStateException.class)
            .hasMessage("declined o-9");
        assertThat(errors.get(0)[1]).isEqualTo(new ListenerFailure("payment.due", "pay", List.of(new Order("o-9", 9))));
    }

    @Test
    void lastFailureIsLoggedAtErrorWhenNothingListensToError() {
        start(Declining.class);
        PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));
        try (LogCapture log = new LogCapture()) {
            this.context.getBean(Emitter.class).emit("payment.due", new Order("o-7", 7));

            await().atMost(Duration.ofSeconds(15)).until(() -> rows.count("failed") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.at(Level.ERROR).isEmpty());
            assertThat(log.at(Level.ERROR)).singleElement().satisfies((event) -> {
                assertThat(event.getFormattedMessage()).contains("for listener 'pay'", "'payment.due'",
                        "failed its last attempt (3 of 3)", "stays in the log as failed");
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("declined o-7");
            });
            assertThat(log.at(Level.WARN)).hasSize(2)
                .allSatisfy((event) -> assertThat(event.getFormattedMessage()).contains("next attempt at"));
        }
    }

    static class Flaky {

        final List<Long> attempts = new CopyOnWriteArrayList<>();

        @On(value = "payment.due", id = "pay", durable = true)
        void pay(Order order) {
            this.attempts.add(System.nanoTime());
            if (this.attempts.size() < 3) {
                throw new IllegalStateException("declined attempt " + this.attempts.size());
            }
        }

    }

    static class Declining {

        final AtomicInteger calls = new AtomicInteger();

        @On(value = "payment.due", id = "pay", durable = true)
        void pay(Order order) {
            this.calls.incrementAndGet();
            throw new IllegalStateException("declined " + order.id());
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

    }

}
