package dev.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.On;
import dev.eventbus.kafka.support.Postgres;
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

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the jdbc module on PostgreSQL: a shop instance sends through its outbox; two instances of group
 * {@code shipping} share an inbox. Events of one key reach the ONE listener in order, through a rebalance with one
 * instance stopped mid-stream, and a redelivered record does not repeat an effect.
 */
class OrderAndInboxTest {

    static final Map<String, List<Integer>> SEQUENCES = new ConcurrentHashMap<>();

    static final List<String> CALLERS = new CopyOnWriteArrayList<>();

    static EmbeddedKafkaKraftBroker broker;

    static Cluster cluster;

    static String shippingDatabase;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.afterPropertiesSet();
        cluster = new Cluster(broker.getBrokersAsString());
        String routes = "eventbus.kafka.routes[0].pattern=parcel.*";
        String key = "eventbus.kafka.routes[0].key=#a0.customer";
        cluster.start("shop", "shop", Shop.class, concat(Postgres.on(Postgres.newDatabase()),
                "eventbus.kafka.publish=parcel.*", routes, key));
        shippingDatabase = Postgres.newDatabase();
        cluster.start("ship-1", "shipping", Shipping.class, concat(Postgres.on(shippingDatabase), routes, key));
        cluster.start("ship-2", "shipping", Shipping.class, concat(Postgres.on(shippingDatabase), routes, key));
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.destroy();
    }

    static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void eventsOfOneKeyArriveInOrderThroughARebalanceAndRunOnce() throws Exception {
        Emitter shop = cluster.get("shop").getBean(Emitter.class);
        assertThat(shop.listeners("parcel.packed")).singleElement().satisfies((info) -> {
            assertThat(info.id()).isEqualTo(KafkaPublisher.ID);
            assertThat(info.async()).as("the outbox's publisher writes at the emit").isFalse();
        });
        assertThat(cluster.get("shop").getBeansOfType(OutboxSender.class)).hasSize(1);
        int customers = 8;
        int perCustomer = 60;
        Thread producer = new Thread(() -> {
            for (int seq = 0; seq < perCustomer; seq++) {
                for (int c = 0; c < customers; c++) {
                    shop.emit("parcel.packed", new Parcel("customer-" + c, seq));
                }
                sleep(15);
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> total() >= customers * perCustomer / 3);
        // one of the two stops mid-stream: the other takes its partitions over
        cluster.stop("ship-2");
        producer.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> total() >= customers * perCustomer);
        sleep(1000);
        List<Integer> expected = new ArrayList<>();
        for (int seq = 0; seq < perCustomer; seq++) {
            expected.add(seq);
        }
        for (int c = 0; c < customers; c++) {
            assertThat(SEQUENCES.get("customer-" + c)).as("customer-" + c).containsExactlyElementsOf(expected);
        }
        assertThat(CALLERS).as("both instances shared the work before the stop").contains("ship-1", "ship-2");
        JdbcTemplate shipping = cluster.get("ship-1").getBean(JdbcTemplate.class);
        assertThat(shipping.queryForObject("SELECT COUNT(*) FROM eventbus_inbox WHERE listener_id = 'parcels#packed'",
                Integer.class)).isEqualTo(customers * perCustomer);
        JdbcTemplate outbox = cluster.get("shop").getBean(JdbcTemplate.class);
        assertThat(outbox.queryForObject("SELECT COUNT(*) FROM eventbus_outbox", Integer.class)).isZero();
    }

    @Test
    void aRedeliveredRecordDoesNotRepeatTheEffect() throws Exception {
        Emitter shop = cluster.get("shop").getBean(Emitter.class);
        shop.emit("parcel.packed", new Parcel("customer-redelivery", 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> SEQUENCES.containsKey("customer-redelivery"));
        // the very record again, as Kafka redelivers it after a crash before the offset commit
        ConsumerRecord<String, byte[]> original = find("customer-redelivery");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> again = new ProducerRecord<>(original.topic(), null, original.key(),
                    original.value(), original.headers());
            producer.send(again).get();
            producer.send(new ProducerRecord<>(original.topic(), null, original.key(),
                    "[{\"customer\":\"customer-redelivery\",\"seq\":1}]".getBytes(StandardCharsets.UTF_8),
                    headersWithNewId(original))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> SEQUENCES.get("customer-redelivery").size() >= 2);
        sleep(500);
        assertThat(SEQUENCES.get("customer-redelivery")).containsExactly(0, 1);
        MeterRegistry meters = cluster.get("ship-1").getBean(MeterRegistry.class);
        assertThat(meters.get(KafkaMeters.DEDUPLICATED).tag("listener", "parcels#packed").counter().count())
            .isEqualTo(1);
    }

    @Test
    void aRowThatCannotBeSentBlocksTheRowsBehindItUntilItIsDeleted() throws Exception {
        JdbcTemplate outbox = cluster.get("shop").getBean(JdbcTemplate.class);
        outbox.update("INSERT INTO eventbus_outbox (topic, record_key, record_value, headers, event_name, created_at) "
                + "VALUES ('eventbus.events', 'k', '[]', 'not json', 'parcel.packed', now())");
        Emitter shop = cluster.get("shop").getBean(Emitter.class);
        shop.emit("parcel.packed", new Parcel("customer-blocked", 0));
        Thread.sleep(2000);
        assertThat(SEQUENCES).doesNotContainKey("customer-blocked");
        assertThat(outbox.queryForObject("SELECT COUNT(*) FROM eventbus_outbox", Integer.class)).isEqualTo(2);
        outbox.update("DELETE FROM eventbus_outbox WHERE headers = 'not json'");
        await().atMost(Duration.ofSeconds(30)).until(() -> SEQUENCES.containsKey("customer-blocked"));
    }

    @Test
    void aMissingLeaseRowIsWrittenWhenTheSenderStarts() {
        JdbcTemplate outbox = cluster.get("shop").getBean(JdbcTemplate.class);
        OutboxSender sender = cluster.get("shop").getBean(OutboxSender.class);
        sender.stop();
        outbox.update("DELETE FROM eventbus_outbox_lease");
        sender.start();
        assertThat(outbox.queryForObject("SELECT COUNT(*) FROM eventbus_outbox_lease WHERE name = 'sender'",
                Integer.class)).isEqualTo(1);
        cluster.get("shop").getBean(Emitter.class).emit("parcel.packed", new Parcel("customer-lease", 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> SEQUENCES.containsKey("customer-lease"));
    }

    @Test
    void inboxEntriesPastTheirRetentionAreDeleted() {
        JdbcTemplate shipping = cluster.get("ship-1").getBean(JdbcTemplate.class);
        shipping.update("INSERT INTO eventbus_inbox (event_id, listener_id, received_at) VALUES "
                + "('old-event', 'parcels#packed', now() - interval '8 days')");
        shipping.update("INSERT INTO eventbus_inbox (event_id, listener_id, received_at) VALUES "
                + "('recent-event', 'parcels#packed', now() - interval '6 days')");
        assertThat(cluster.get("ship-1").getBean(Inbox.class).purge()).isGreaterThanOrEqualTo(1);
        assertThat(shipping.queryForList("SELECT event_id FROM eventbus_inbox WHERE event_id IN "
                + "('old-event', 'recent-event')", String.class)).containsExactly("recent-event");
    }

    private static org.apache.kafka.common.header.Headers headersWithNewId(ConsumerRecord<?, ?> original) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals
            .RecordHeaders(original.headers().toArray());
        headers.remove(EventRecords.ID);
        headers.add(EventRecords.ID, "another-event".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static ConsumerRecord<String, byte[]> find(String customer) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG,
                "finder", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("eventbus.events"));
            for (int i = 0; i < 60; i++) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (customer.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No record of " + customer);
    }

    static int total() {
        return SEQUENCES.values().stream().mapToInt(List::size).sum();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    record Parcel(String customer, int seq) {
    }

    static class Parcels {

        private final String instance;

        Parcels(String instance) {
            this.instance = instance;
        }

        @On(value = "parcel.packed", instances = Instances.ONE)
        void packed(Parcel parcel, Event event) {
            SEQUENCES.computeIfAbsent(parcel.customer(), (c) -> new CopyOnWriteArrayList<>()).add(parcel.seq());
            if (!CALLERS.contains(this.instance)) {
                CALLERS.add(this.instance);
            }
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Shop {

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Shipping {

        @Bean
        Parcels parcels(@Value("${test.instance}") String instance) {
            return new Parcels(instance);
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
