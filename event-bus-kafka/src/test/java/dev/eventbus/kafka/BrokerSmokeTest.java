package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSmokeTest {

    @Test
    void startsProducesConsumes() throws Exception {
        long t0 = System.nanoTime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "smoke");
        broker.afterPropertiesSet();
        System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + broker.getBrokersAsString());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("smoke", "k", "v")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("smoke"));
            int n = 0;
            for (int i = 0; i < 20 && n == 0; i++) {
                n += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(n).isEqualTo(1);
        }
        String servers = broker.getBrokersAsString();
        broker.destroy();
        int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
        t0 = System.nanoTime();
        EmbeddedKafkaKraftBroker again = new EmbeddedKafkaKraftBroker(1, 2, "smoke").kafkaPorts(port);
        again.afterPropertiesSet();
        System.out.println("restarted in " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + again.getBrokersAsString());
        again.destroy();
    }

}
