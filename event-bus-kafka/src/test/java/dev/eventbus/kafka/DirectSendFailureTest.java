package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.kafka.support.TestBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without the outbox, a send that fails is not dropped silently: it reaches {@code "error"} and the meter. Kafka's
 * own client metrics are bound to the registry as Spring Boot binds them.
 */
class DirectSendFailureTest {

    static TestBroker broker;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(2, "eventbus.events", "eventbus.events.DLT");
        cluster = new Cluster(broker.bootstrapServers());
        cluster.start("sender", "shop", Sender.class, "eventbus.kafka.publish=invoice.*",
                "eventbus.kafka.topics.partitions=6",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.kafka.producer.properties[max.block.ms]=1000",
                "spring.kafka.producer.properties[request.timeout.ms]=1000",
                "spring.kafka.producer.properties[delivery.timeout.ms]=2000");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.close();
    }

    @Test
    void anExistingTopicIsLeftAsItIs() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            // created with 2 partitions before the instance started, which would create 6: never increased
            assertThat(admin.describeTopics(List.of("eventbus.events")).allTopicNames().get().get("eventbus.events")
                .partitions()).hasSize(2);
        }
    }

    @Test
    void aFailedSendReachesErrorAndTheMeter() {
        ConfigurableApplicationContext sender = cluster.get("sender");
        Emitter emitter = sender.getBean(Emitter.class);
        MeterRegistry meters = sender.getBean(MeterRegistry.class);
        emitter.emit("invoice.issued", "sent");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "success") == 1);
        assertThat(meters.find("kafka.producer.record.send.total").meters())
            .as("Kafka's client metrics of the bus's producer").isNotEmpty();

        List<Object[]> errors = new CopyOnWriteArrayList<>();
        emitter.on("error", (event) -> errors.add(event.args().toArray()));
        broker.stop();
        emitter.emit("invoice.issued", "lost");
        await().atMost(Duration.ofSeconds(30)).until(() -> !errors.isEmpty());
        Object[] error = errors.get(0);
        assertThat(error[0]).isInstanceOf(Throwable.class);
        ListenerFailure failure = (ListenerFailure) error[1];
        assertThat(failure.listenerId()).isEqualTo(KafkaPublisher.ID);
        assertThat(failure.event()).isEqualTo("invoice.issued");
        assertThat(failure.args()).containsExactly("lost");
        assertThat(count(meters, "failure")).isEqualTo(1);
        assertThat(errors).hasSize(1);
        broker.restart();
    }

    @Test
    void inATransactionTheSendLeavesAfterTheCommitAndSendingSurvivesARestart() {
        ConfigurableApplicationContext sender = cluster.start("tx-sender", "shop", Sender.class,
                "eventbus.kafka.publish=invoice.*", "eventbus.kafka.outbox.enabled=false",
                "spring.kafka.producer.properties[interceptor.classes]=" + SendingThreads.class.getName());
        assertThat(sender.getBeansOfType(OutboxSender.class)).isEmpty();
        Emitter emitter = sender.getBean(Emitter.class);
        MeterRegistry meters = sender.getBean(MeterRegistry.class);
        TransactionTemplate transactions = sender.getBean(TransactionTemplate.class);
        SendingThreads.THREADS.clear();
        transactions.executeWithoutResult((status) -> {
            emitter.emit("invoice.issued", "in-a-transaction");
            assertThat(SendingThreads.THREADS).as("nothing leaves before the commit").isEmpty();
        });
        transactions.executeWithoutResult((status) -> {
            emitter.emit("invoice.issued", "rolled-back");
            status.setRollbackOnly();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "success") == 1);
        // handed to the producer by the committing thread, once committed
        assertThat(SendingThreads.THREADS).containsExactly(Thread.currentThread().getName());

        sender.stop();
        sender.start();
        emitter.emit("invoice.issued", "after-a-restart");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "success") == 2);
        cluster.stop("tx-sender");
    }

    /** Records the threads that hand records to the producer. */
    public static class SendingThreads implements ProducerInterceptor<Object, Object> {

        static final List<String> THREADS = new CopyOnWriteArrayList<>();

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            THREADS.add(Thread.currentThread().getName());
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

    }

    private static double count(MeterRegistry meters, String outcome) {
        return meters.find(KafkaMeters.SENT).tag("outcome", outcome).counters().stream()
            .mapToDouble((counter) -> counter.count())
            .sum();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Sender {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
