package dev.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.Instances;
import dev.eventbus.On;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that cannot be read go to the dead-letter topic at once, never bound to an object; a listener that keeps
 * failing is tried again, then its record goes there too; each with its error in the headers.
 */
class DeadLetterTest {

    static final List<Payment> RECEIVED = new CopyOnWriteArrayList<>();

    static final AtomicInteger FAILING_CALLS = new AtomicInteger();

    static final List<Payment> RECOVERED = new CopyOnWriteArrayList<>();

    static final AtomicInteger BOOKED = new AtomicInteger();

    static volatile boolean declining = true;

    static EmbeddedKafkaKraftBroker broker;

    static Cluster cluster;

    static KafkaProducer<String, byte[]> producer;

    static KafkaConsumer<String, byte[]> deadLetters;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.afterPropertiesSet();
        cluster = new Cluster(broker.getBrokersAsString());
        cluster.startWeb("d", "billing", App.class, "eventbus.kafka.publish=payment.*",
                "management.endpoints.web.exposure.include=eventbusdeadletters",
                "eventbus.kafka.max-message-size=4KB", "eventbus.kafka.retry.attempts=3");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
        deadLetters = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters.subscribe(List.of("eventbus.events.DLT"));
    }

    @AfterAll
    static void stop() {
        deadLetters.close();
        producer.close();
        cluster.close();
        broker.destroy();
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithTheirError() throws Exception {
        ConfigurableApplicationContext context = cluster.get("d");
        String forgedHeader = send("payment.received", "[{\"id\":\"p-1\",\"amount\":5}]".getBytes(), "__TypeId__",
                "java.net.URL");
        String forgedProperty = send("payment.received",
                "[{\"@class\":\"java.lang.ProcessBuilder\",\"id\":\"p-2\",\"amount\":5}]".getBytes(), null, null);
        String malformed = send("payment.received", "[{\"id\":".getBytes(), null, null);
        String notAnArray = send("payment.received", "{\"id\":\"p-3\"}".getBytes(), null, null);
        String oversized = send("payment.received", ("[\"" + "x".repeat(5000) + "\"]").getBytes(), null, null);
        String unbound = send("payment.received", "[{\"id\":\"p-4\",\"amount\":\"lots\"}]".getBytes(), null, null);
        ProducerRecord<String, byte[]> noHeaders = new ProducerRecord<>("eventbus.events", "k", "[]".getBytes());
        producer.send(noHeaders).get();
        String good = send("payment.received", "[{\"id\":\"p-5\",\"amount\":7}]".getBytes(), null, null);

        Map<String, ConsumerRecord<String, byte[]>> dead = readDeadLetters(7, "payment.received", "");
        assertThat(reasonOf(dead.get(forgedHeader))).contains("names a Java type in its header __TypeId__");
        assertThat(reasonOf(dead.get(forgedProperty))).contains("'@class'");
        assertThat(reasonOf(dead.get(malformed))).contains("is not valid JSON");
        assertThat(reasonOf(dead.get(notAnArray))).contains("is not a JSON array");
        assertThat(reasonOf(dead.get(oversized))).contains("more than eventbus.kafka.max-message-size (4096 bytes)");
        assertThat(reasonOf(dead.get(unbound))).contains("cannot be bound to").contains("Payment");
        assertThat(dead.values()).anyMatch((record) -> reasonOf(record).contains("has no ce_specversion header"));
        for (ConsumerRecord<String, byte[]> record : dead.values()) {
            assertThat(header(record, DeadLetters.GROUP_HEADER)).isEqualTo("billing");
            assertThat(header(record, DeadLetters.AUDIENCE_HEADER)).isEqualTo("ONE");
            assertThat(header(record, DeadLetters.INSTANCE_HEADER)).isEqualTo("d");
            // the original value, untouched
            assertThat(record.value()).isNotNull();
        }
        // only the good one was bound and delivered, after the bad ones (one partition: one key)
        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVED.isEmpty());
        assertThat(RECEIVED).containsExactly(new Payment("p-5", 7));
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        assertThat(deadLettered(meters, "forged")).isEqualTo(2);
        // read whole: the good one and the one whose arguments did not bind
        assertThat(meters.get(KafkaMeters.RECEIVED).tag("event", "payment.received").tag("instances", "one")
            .counter().count()).isEqualTo(2);
        assertThat(meters.find("kafka.consumer.fetch.manager.records.consumed.total").meters())
            .as("Kafka's client metrics of the bus's consumers").isNotEmpty();
        assertThat(deadLettered(meters, "malformed")).isEqualTo(3);
        assertThat(deadLettered(meters, "oversized")).isEqualTo(1);
        assertThat(deadLettered(meters, "unbound")).isEqualTo(1);
    }

    @Test
    void aListenerThatKeepsFailingIsTriedAgainThenDeadLettered() {
        Emitter emitter = cluster.get("d").getBean(Emitter.class);
        emitter.emit("payment.refused", new Payment("p-9", 9));
        Map<String, ConsumerRecord<String, byte[]>> dead = readDeadLetters(1, "payment.refused");
        ConsumerRecord<String, byte[]> record = dead.values().iterator().next();
        assertThat(FAILING_CALLS).hasValue(3);
        // the retries ran only the listener that had not run: the one before it ran once
        assertThat(BOOKED).hasValue(1);
        assertThat(header(record, InboundDispatcher.LISTENER_HEADER)).isEqualTo("failing");
        assertThat(reasonOf(record)).contains("Listener 'failing' failed on event 'payment.refused'")
            .contains("card declined");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("[{\"id\":\"p-9\",\"amount\":9}]");
        assertThat(header(record, EventRecords.TYPE)).isEqualTo("payment.refused");
    }

    @Test
    void theEndpointReplaysDeadLettersOnceTheListenerIsFixed() throws Exception {
        Emitter emitter = cluster.get("d").getBean(Emitter.class);
        emitter.emit("payment.disputed", new Payment("p-20", 20));
        readDeadLetters(1, "payment.disputed");
        assertThat(RECOVERED).isEmpty();
        String waiting = http("GET");
        assertThat(waiting).contains("\"group\":\"billing\"").containsPattern("\"eventbus.events.DLT\":[1-9]");

        declining = false;
        String replay = http("POST");
        assertThat(RECOVERED).containsExactly(new Payment("p-20", 20));
        Map<String, Object> outcome = json(replay);
        assertThat((Integer) outcome.get("replayed")).isPositive();
        // what failed again (the bad records of the other tests, if they ran first) is back in the topic, waiting
        int failedAgain = (Integer) outcome.get("failedAgain");
        assertThat(((Map<?, ?>) json(http("GET")).get("waiting")).get("eventbus.events.DLT")).isEqualTo(failedAgain);
        // a second replay does not run the recovered one again
        assertThat(json(http("POST"))).containsEntry("replayed", 0).containsEntry("failedAgain", failedAgain);
        assertThat(RECOVERED).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Map.class);
    }

    private static String http(String method) throws Exception {
        String port = cluster.get("d").getEnvironment().getProperty("local.server.port");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/actuator/eventbusdeadletters"))
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
            .build();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String send(String name, byte[] value, String extraHeader, String extraValue) throws Exception {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("eventbus.events", name, value);
        record.headers().add(EventRecords.ID, id.getBytes());
        record.headers().add(EventRecords.TYPE, name.getBytes());
        record.headers().add(EventRecords.SOURCE, "elsewhere".getBytes());
        record.headers().add(EventRecords.SPEC_VERSION, "1.0".getBytes());
        record.headers().add(EventRecords.TIME, Instant.now().toString().getBytes());
        if (extraHeader != null) {
            record.headers().add(extraHeader, extraValue.getBytes());
        }
        producer.send(record).get();
        return id;
    }

    private static Map<String, ConsumerRecord<String, byte[]>> readDeadLetters(int count, String... type) {
        Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            deadLetters.poll(Duration.ofMillis(200)).forEach(all::add);
            byId.clear();
            for (ConsumerRecord<String, byte[]> record : all) {
                if (List.of(type).contains(header(record, EventRecords.TYPE))) {
                    byId.put(header(record, EventRecords.ID).isEmpty() ? "none-" + record.offset()
                            : header(record, EventRecords.ID), record);
                }
            }
            return byId.size() >= count;
        });
        return byId;
    }

    static double deadLettered(MeterRegistry meters, String reason) {
        return meters.get(KafkaMeters.DEAD_LETTERED).tag("reason", reason).counters().stream()
            .mapToDouble((counter) -> counter.count())
            .sum();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        return EventRecords.text(record.headers().lastHeader(name));
    }

    static String reasonOf(ConsumerRecord<?, ?> record) {
        assertThat(record).isNotNull();
        return header(record, "kafka_dlt-exception-message") + " / " + header(record, "kafka_dlt-exception-cause-fqcn");
    }

    record Payment(String id, int amount) {
    }

    static class Listeners {

        @On(value = "payment.received", instances = Instances.ONE)
        void received(Payment payment) {
            RECEIVED.add(payment);
        }

        @On(value = "payment.disputed", instances = Instances.ONE)
        void disputed(Payment payment) {
            if (declining) {
                throw new IllegalStateException("dispute desk closed");
            }
            RECOVERED.add(payment);
        }

        @On(value = "payment.refused", instances = Instances.ONE, id = "booking", order = -1)
        void book(Payment payment) {
            BOOKED.incrementAndGet();
        }

        @On(value = "payment.refused", instances = Instances.ONE, id = "failing")
        void refused(Payment payment) {
            FAILING_CALLS.incrementAndGet();
            throw new IllegalStateException("card declined for " + payment.id());
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
