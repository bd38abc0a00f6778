package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import dev.eventbus.Instances;
import dev.eventbus.On;
import dev.eventbus.kafka.support.Postgres;
import dev.eventbus.kafka.support.TestBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the outbox, a broker that stops and comes back loses nothing and reorders nothing: the records written while
 * it was away stay in the outbox, and leave in the order they were written when it returns, each key's events
 * reaching the listener in the order they were emitted.
 */
class BrokerOutageTest {

    static final List<Invoice> RECEIVED = new CopyOnWriteArrayList<>();

    static TestBroker broker;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(4, "eventbus.events", "eventbus.events.DLT");
        cluster = new Cluster(broker.bootstrapServers());
        String[] quickRetries = { "eventbus.kafka.outbox.max-back-off=500ms",
                "eventbus.kafka.routes[0].pattern=invoice.*", "eventbus.kafka.routes[0].key=#a0.customer",
                "spring.kafka.producer.properties[max.block.ms]=1000",
                "spring.kafka.producer.properties[request.timeout.ms]=1000",
                "spring.kafka.producer.properties[delivery.timeout.ms]=3000",
                "spring.kafka.producer.properties[linger.ms]=0" };
        cluster.start("sender", "shop", Sender.class, Stream.concat(Stream.of(Postgres.on(Postgres.newDatabase())),
                Stream.concat(Stream.of(quickRetries), Stream.of("eventbus.kafka.publish=invoice.*")))
            .toArray(String[]::new));
        cluster.start("receiver", "billing", Receiver.class, "spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "eventbus.kafka.routes[0].pattern=invoice.*");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.close();
    }

    @Test
    void recordsWrittenWhileTheBrokerIsAwayLeaveInOrderWhenItReturns() {
        Emitter emitter = cluster.get("sender").getBean(Emitter.class);
        TransactionTemplate transactions = cluster.get("sender").getBean(TransactionTemplate.class);
        emitter.emit("invoice.issued", new Invoice("customer-0", -1));
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.size() == 1);

        broker.stop();
        int customers = 3;
        int perCustomer = 20;
        for (int seq = 0; seq < perCustomer; seq++) {
            for (int c = 0; c < customers; c++) {
                Invoice invoice = new Invoice("customer-" + c, seq);
                // some in a transaction of the application's, the others in their own
                if (seq % 2 == 0) {
                    transactions.executeWithoutResult((status) -> emitter.emit("invoice.issued", invoice));
                }
                else {
                    emitter.emit("invoice.issued", invoice);
                }
            }
        }
        // and one that rolls back: it never leaves
        transactions.executeWithoutResult((status) -> {
            emitter.emit("invoice.issued", new Invoice("customer-0", 999));
            status.setRollbackOnly();
        });
        JdbcTemplate outbox = cluster.get("sender").getBean(JdbcTemplate.class);
        assertThat(outbox.queryForObject("SELECT COUNT(*) FROM eventbus_outbox", Integer.class))
            .isEqualTo(customers * perCustomer);
        MeterRegistry meters = cluster.get("sender").getBean(MeterRegistry.class);
        // the sender tries, and fails, while the broker is away
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.find(KafkaMeters.SENT).tag("outcome", "failure")
            .counters().stream().mapToDouble((counter) -> counter.count()).sum() > 0);
        assertThat(RECEIVED).hasSize(1);

        broker.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVED.size() == 1 + customers * perCustomer);
        for (int c = 0; c < customers; c++) {
            String customer = "customer-" + c;
            List<Integer> sequence = RECEIVED.stream().filter((invoice) -> invoice.customer().equals(customer))
                .map(Invoice::seq).filter((seq) -> seq >= 0).toList();
            assertThat(sequence).as(customer).containsExactlyElementsOf(
                    IntStream.range(0, perCustomer).boxed().toList());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.queryForObject(
                "SELECT COUNT(*) FROM eventbus_outbox", Integer.class) == 0);
    }

    record Invoice(String customer, int seq) {
    }

    static class Invoices {

        @On(value = "invoice.issued", instances = Instances.ONE)
        void issued(Invoice invoice) {
            RECEIVED.add(invoice);
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Sender {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Receiver {

        @Bean
        Invoices invoices() {
            return new Invoices();
        }

    }

}
