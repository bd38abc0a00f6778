package dev.eventbus.kafka.support;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A producer and a consumer created before {@link TestBroker#stop()} go on working after
 * {@link TestBroker#restart()}, and the restarted broker still has the records and the committed
 * offsets from before the stop.
 */
class TestBrokerTest {

    private static final String TOPIC = "orders";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientsCreatedBeforeStopWorkAfterRestartAndTheLogSurvives() throws Exception {
        try (TestBroker broker = TestBroker.start(2, TOPIC);
                KafkaProducer<String, String> producer = producer(broker);
                KafkaConsumer<String, String> consumer = consumer(broker, "survivors")) {
            String address = broker.bootstrapServers();
            List<String> before = values("before", 10);
            for (String value : before) {
                producer.send(new ProducerRecord<>(TOPIC, value, value)).get(10, TimeUnit.SECONDS);
            }
            consumer.subscribe(List.of(TOPIC));
            List<String> received = new ArrayList<>(pollUntil(consumer, before.size()));
            assertThat(received).containsExactlyInAnyOrderElementsOf(before);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment(),
                    Duration.ofSeconds(10));
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .isEqualTo(before.size());

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(address));
            List<String> during = values("during", 5);
            List<Future<RecordMetadata>> pending = during.stream()
                .map((value) -> producer.send(new ProducerRecord<>(TOPIC, value, value)))
                .toList();
            Thread.sleep(1_000);
            assertThat(pending).noneMatch(Future::isDone);

            broker.restart();
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            for (Future<RecordMetadata> sent : pending) {
                sent.get(30, TimeUnit.SECONDS);
            }
            List<String> after = values("after", 5);
            for (String value : after) {
                producer.send(new ProducerRecord<>(TOPIC, value, value)).get(10, TimeUnit.SECONDS);
            }

            // The committed offsets survived the restart.
            assertThat(consumer.committed(committed.keySet(), Duration.ofSeconds(30))).isEqualTo(committed);
            // The same consumer gets exactly the records sent while the broker was down and after it.
            received.addAll(pollUntil(consumer, during.size() + after.size()));
            List<String> all = new ArrayList<>(before);
            all.addAll(during);
            all.addAll(after);
            assertThat(received).containsExactlyInAnyOrderElementsOf(all);
            // The records sent before the stop survived it too: a new group reads all of them from the start.
            try (KafkaConsumer<String, String> newcomer = consumer(broker, "newcomer")) {
                newcomer.subscribe(List.of(TOPIC));
                assertThat(pollUntil(newcomer, all.size())).containsExactlyInAnyOrderElementsOf(all);
            }
        }
    }

    private static KafkaProducer<String, String> producer(TestBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // By default (rebootstrap) the producer forgets its metadata once the broker is gone, and
        // send() then blocks for up to max.block.ms; with none it keeps the metadata and queues.
        config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(TestBroker broker, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code count} records came, committing after each poll that brought some. */
    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.size() < count && System.nanoTime() < deadline) {
            int size = values.size();
            consumer.poll(Duration.ofMillis(200)).forEach((record) -> values.add(record.value()));
            if (values.size() > size) {
                consumer.commitSync();
            }
        }
        // one more short poll, so that a duplicate would show
        consumer.poll(Duration.ofMillis(200)).forEach((record) -> values.add(record.value()));
        return values;
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
    }

    private static void connect(String address) throws Exception {
        int colon = address.lastIndexOf(':');
        new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))).close();
    }

}
