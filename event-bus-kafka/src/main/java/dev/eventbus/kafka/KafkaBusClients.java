package dev.eventbus.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

/**
 * The bus's own Kafka producer: string keys, JSON bytes as values, {@code acks=all} and idempotence (so a retried
 * send neither duplicates nor reorders a record), on Spring Boot's {@code spring.kafka.*} settings and customizers
 * (its client metrics included). It is not a {@code KafkaTemplate} bean, so that the application's own injection
 * points see only Spring Boot's.
 */
final class KafkaBusClients implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producers;

    private final KafkaTemplate<String, byte[]> template;

    KafkaBusClients(Map<String, Object> producerProperties, List<DefaultKafkaProducerFactoryCustomizer> customizers,
            @Nullable ObservationRegistry observations) {
        Map<String, Object> producer = new HashMap<>(producerProperties);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.remove(ProducerConfig.CLIENT_ID_CONFIG);
        this.producers = new DefaultKafkaProducerFactory<>(producer);
        customizers.forEach((customizer) -> customizer.customize(this.producers));
        this.template = new KafkaTemplate<>(this.producers);
        // a failed send is not logged here: it fails the publisher's run (a failed attempt of its publication, or
        // "error") or the dead letter's record (read again)
        this.template.setProducerListener(new ProducerListener<>() {
        });
        if (observations != null) {
            this.template.setObservationEnabled(true);
            this.template.setObservationRegistry(observations);
        }
    }

    KafkaTemplate<String, byte[]> template() {
        return this.template;
    }

    @Override
    public void destroy() {
        this.producers.destroy();
    }

}
