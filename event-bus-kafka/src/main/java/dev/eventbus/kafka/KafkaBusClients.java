package dev.eventbus.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The bus's own Kafka producer: string keys, JSON bytes as values, {@code acks=all} and idempotence (so a retried
 * send neither duplicates nor reorders a record), on Spring Boot's {@code spring.kafka.*} settings and customizers
 * (its client metrics included), with a short {@code max.block.ms} unless one is set, so that a send waits for a
 * missing broker's metadata seconds, not a minute. It is not a {@code KafkaTemplate} bean, so that the application's own injection
 * points see only Spring Boot's.
 */
final class KafkaBusClients implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producers;

    private final KafkaTemplate<String, byte[]> template;

    private final KafkaTemplate<String, byte[]> unobserved;

    private final ExecutorService completions;

    KafkaBusClients(Map<String, Object> producerProperties, List<DefaultKafkaProducerFactoryCustomizer> customizers,
            @Nullable ObservationRegistry observations) {
        Map<String, Object> producer = new HashMap<>(producerProperties);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.remove(ProducerConfig.CLIENT_ID_CONFIG);
        this.producers = new DefaultKafkaProducerFactory<>(producer);
        customizers.forEach((customizer) -> customizer.customize(this.producers));
        // whatever a customizer set: the bus's records are string keys and JSON bytes
        this.producers.setKeySerializer(new StringSerializer());
        this.producers.setValueSerializer(new ByteArraySerializer());
        this.template = new KafkaTemplate<>(this.producers);
        // a failed send is not logged here: it fails the publisher's run (a failed attempt of its publication, or
        // "error") or the dead letter's record (read again)
        this.template.setProducerListener(new ProducerListener<>() {
        });
        if (observations != null) {
            this.template.setObservationEnabled(true);
            this.template.setObservationRegistry(observations);
            this.template.setObservationConvention(new BusObservations.Send());
        }
        // for records that carry the trace headers of their emit already (the outbox's)
        this.unobserved = new KafkaTemplate<>(this.producers);
        this.unobserved.setProducerListener(new ProducerListener<>() {
        });
        CustomizableThreadFactory threads = new CustomizableThreadFactory("eventbus-kafka-ack-");
        threads.setDaemon(true);
        this.completions = Executors.newSingleThreadExecutor(threads);
    }

    KafkaTemplate<String, byte[]> unobservedTemplate() {
        return this.unobserved;
    }

    /** Where acknowledgements are followed: never the producer's own I/O thread. */
    Executor completions() {
        return this.completions;
    }

    KafkaTemplate<String, byte[]> template() {
        return this.template;
    }

    @Override
    public void destroy() {
        this.producers.destroy();
        this.completions.shutdown();
    }

}
