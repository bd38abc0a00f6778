package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import dev.eventbus.Instances;
import dev.eventbus.On;
import dev.eventbus.kafka.support.Postgres;
import dev.eventbus.kafka.support.TestBroker;
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
 * With the outbox, a broker that stops and comes back loses nothing: the sends owed while it was away stay in the
 * publication log, and drain when it returns.
 */
class BrokerOutageTest {

    static final Set<String> RECEIVED = ConcurrentHashMap.newKeySet();

    static TestBroker broker;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(4, "eventbus.events", "eventbus.events.DLT");
        cluster = new Cluster(broker.bootstrapServers());
        String[] quickRetries = { "eventbus.durable.retry.initial-interval=200ms",
                "eventbus.durable.retry.max-interval=1s", "eventbus.durable.retry.max-attempts=1000",
                "eventbus.durable.poll-interval=200ms", "spring.kafka.producer.properties[max.block.ms]=1000",
                "spring.kafka.producer.properties[request.timeout.ms]=1000",
                "spring.kafka.producer.properties[delivery.timeout.ms]=3000",
                "spring.kafka.producer.properties[linger.ms]=0" };
        cluster.start("sender", "shop", Sender.class, Stream.concat(Stream.of(Postgres.on(Postgres.newDatabase())),
                Stream.concat(Stream.of(quickRetries), Stream.of("eventbus.kafka.publish=invoice.*")))
            .toArray(String[]::new));
        cluster.start("receiver", "billing", Receiver.class, "spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.close();
    }

    @Test
    void sendsOwedWhileTheBrokerIsAwayDrainWhenItReturns() {
        Emitter emitter = cluster.get("sender").getBean(Emitter.class);
        TransactionTemplate transactions = cluster.get("sender").getBean(TransactionTemplate.class);
        emitter.emit("invoice.issued", "before");
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.contains("before"));

        broker.stop();
        for (int i = 0; i < 30; i++) {
            String invoice = "during-" + i;
            // half in a transaction of the application's, half in their own
            if (i % 2 == 0) {
                transactions.executeWithoutResult((status) -> emitter.emit("invoice.issued", invoice));
            }
            else {
                emitter.emit("invoice.issued", invoice);
            }
        }
        JdbcTemplate log = cluster.get("sender").getBean(JdbcTemplate.class);
        // the sends fail while it is away: they stay owed, none is failed for good
        await().atMost(Duration.ofSeconds(30)).until(() -> log.queryForObject(
                "SELECT COUNT(*) FROM eventbus_publication WHERE listener_id = ? AND attempts > 0 "
                        + "AND status = 'owed'", Integer.class, KafkaPublisher.ID) > 0);
        assertThat(RECEIVED).containsExactly("before");

        broker.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVED.size() == 31);
        for (int i = 0; i < 30; i++) {
            assertThat(RECEIVED).contains("during-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> log.queryForObject(
                "SELECT COUNT(*) FROM eventbus_publication WHERE listener_id = ? AND status <> 'completed'",
                Integer.class, KafkaPublisher.ID) == 0);
    }

    static class Invoices {

        @On(value = "invoice.issued", instances = Instances.ONE)
        void issued(String invoice) {
            RECEIVED.add(invoice);
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Sender {

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
