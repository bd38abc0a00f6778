package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees and does: the meters, and the {@code eventbuspublications} endpoint that counts
 * publications, lists the failed ones and retries or discards them.
 */
class VisibilityTest {

    private final ConfigurableApplicationContext context = Applications.start(Applications.newH2(),
            new Class<?>[] { App.class }, "eventbus.durable.retry.initial-interval=20ms",
            "eventbus.durable.retry.jitter=0", "eventbus.durable.retry.max-attempts=2",
            "management.endpoints.web.exposure.include=eventbuspublications");

    private final Emitter emitter = this.context.getBean(Emitter.class);

    private final PublicationsEndpoint endpoint = this.context.getBean(PublicationsEndpoint.class);

    private final MeterRegistry meters = this.context.getBean(MeterRegistry.class);

    private final PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void metersCountPublicationsByStatusAndAttemptsByListenerAndOutcome() {
        this.emitter.emit("payment.due", new Order("good-1", 1));
        this.emitter.emit("payment.due", new Order("good-2", 2));
        this.emitter.emit("payment.due", new Order("bad", -1));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("owed") == 0);

        assertThat(this.meters.find("eventbus.publications").tag("status", "completed").gauge())
            .as("completed rows are the endpoint's to count, not read at every refresh").isNull();
        assertThat(this.rows.count("completed")).isEqualTo(2);
        assertThat(gauge("failed")).isEqualTo(1.0);
        assertThat(gauge("owed")).isEqualTo(0.0);
        assertThat(this.meters.get("eventbus.publications.oldest.owed").timeGauge().value(TimeUnit.SECONDS))
            .isZero();
        assertThat(attempts("success")).isEqualTo(2.0);
        assertThat(attempts("retry")).isEqualTo(1.0);
        assertThat(attempts("failed")).isEqualTo(1.0);
        assertThat(attempts("rejected")).isZero();
    }

    @Test
    void endpointCountsByStatusAndListenerAndShowsTheOldestOwedAge() throws Exception {
        Payments payments = this.context.getBean(Payments.class);
        CountDownLatch gate = new CountDownLatch(1);
        payments.gate = gate;
        this.emitter.emit("payment.due", new Order("waiting", 5));
        Thread.sleep(50);

        PublicationsEndpoint.PublicationsDescriptor owed = this.endpoint.publications();
        assertThat(owed.counts()).containsExactly(Map.entry("owed", 1L), Map.entry("failed", 0L),
                Map.entry("completed", 0L));
        assertThat(owed.listeners()).containsExactly(Map.entry("pay", Map.of("owed", 1L)));
        assertThat(owed.oldestOwedAgeSeconds()).isGreaterThanOrEqualTo(0.05);
        gate.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(this.endpoint.publications().oldestOwedAgeSeconds()).isNull();
    }

    @Test
    void failedPublicationIsListedAndCanBeRetriedOrDiscarded() {
        this.emitter.emit("payment.due", new Order("bad", -1));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("failed") == 1);

        List<PublicationsEndpoint.FailedPublicationDescriptor> failed = this.endpoint.publications().failed();
        assertThat(failed).singleElement().satisfies((publication) -> {
            assertThat(publication.listenerId()).isEqualTo("pay");
            assertThat(publication.event()).isEqualTo("payment.due");
            assertThat(publication.attempts()).isEqualTo(2);
            assertThat(publication.lastError()).isEqualTo("java.lang.IllegalArgumentException: negative amount -1");
        });
        String eventId = failed.get(0).eventId();

        Payments payments = this.context.getBean(Payments.class);
        payments.acceptNegative = true;
        assertThat(this.endpoint.act(eventId, "pay", "retry")).containsEntry("status", "owed");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(payments.paid).containsExactly(new Order("bad", -1));

        payments.acceptNegative = false;
        this.emitter.emit("payment.due", new Order("worse", -2));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("failed") == 1);
        String worse = this.endpoint.publications().failed().get(0).eventId();
        assertThat(this.endpoint.act(worse, "pay", "discard")).containsEntry("status", "discarded");
        assertThat(this.rows.count("failed")).isZero();
        assertThat(this.rows.count()).isEqualTo(1);
    }

    @Test
    void endpointRefusesUnknownActionsAndPublicationsThatAreNotFailed() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.act("e-1", "pay", "resend"))
            .withMessage("Unknown action 'resend': use retry or discard");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.act("e-1", "pay", "retry"))
            .withMessage("No failed publication of event e-1 for listener 'pay' to retry");
    }

    private double gauge(String status) {
        return this.meters.get("eventbus.publications").tag("status", status).gauge().value();
    }

    private double attempts(String outcome) {
        return this.meters.get("eventbus.publications.attempts").tag("listener", "pay").tag("outcome", outcome)
            .counter().count();
    }

    static class Payments {

        final List<Order> paid = new java.util.concurrent.CopyOnWriteArrayList<>();

        volatile boolean acceptNegative;

        volatile CountDownLatch gate = new CountDownLatch(0);

        @On(value = "payment.due", id = "pay", durable = true)
        void pay(Order order) throws InterruptedException {
            this.gate.await(10, TimeUnit.SECONDS);
            if (order.amount() < 0 && !this.acceptNegative) {
                throw new IllegalArgumentException("negative amount " + order.amount());
            }
            this.paid.add(order);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Payments.class)
    static class App {

    }

}
