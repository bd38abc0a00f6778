package dev.eventbus.benchmarks.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The floor: what an application writes by hand with Spring Boot's Kafka support and without the event bus. The
 * sender turns the event into JSON with Jackson and sends it through Boot's {@code KafkaTemplate<String, byte[]>}
 * with the customer as key; the receiver's {@code @KafkaListener} (Boot's auto-configured container factory, at its
 * defaults) reads the JSON back and does the same work. Its topic has as many partitions as the bus's.
 */
final class KafkaTemplateContender extends KafkaContender {

    static final String TOPIC = "bench.orders";

    static final String GROUP = "bench-baseline";

    /** The event bus's auto-configurations: not part of the floor. */
    private static final List<String> EVENT_BUS = List.of("dev.eventbus.kafka.KafkaEventBusAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusMetricsAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusTransactionAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusObservationAutoConfiguration",
            "dev.eventbus.actuate.EventBusEndpointAutoConfiguration");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Receipts receipts;

    private final KafkaTemplate<String, byte[]> template;

    @SuppressWarnings("unchecked")
    KafkaTemplateContender(String bootstrapServers) {
        this.receipts = start(ReceiverApp.class, properties(bootstrapServers), EVENT_BUS).getBean(Receipts.class);
        this.template = start(SenderApp.class, properties(bootstrapServers), EVENT_BUS).getBean(KafkaTemplate.class);
        prime();
    }

    private static List<String> properties(String bootstrapServers) {
        List<String> properties = new ArrayList<>();
        properties.add("spring.kafka.bootstrap-servers=" + bootstrapServers);
        properties.add("spring.kafka.producer.value-serializer=" + ByteArraySerializer.class.getName());
        properties.add("spring.kafka.consumer.value-deserializer=" + ByteArrayDeserializer.class.getName());
        // as the bus's ONE consumers: a new group reads from the start
        properties.add("spring.kafka.consumer.auto-offset-reset=earliest");
        return properties;
    }

    @Override
    protected void send(CustomerOrder order) {
        this.template.send(TOPIC, order.customerId(), JSON.writeValueAsBytes(order));
    }

    @Override
    protected Receipts receipts() {
        return this.receipts;
    }

    /** The sending application: Boot's KafkaTemplate. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SenderApp {

    }

    /** The receiving application: the topic and the listener. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ReceiverApp {

        @Bean
        NewTopic benchOrders() {
            return new NewTopic(TOPIC, PARTITIONS, (short) 1);
        }

        @Bean
        Receipts receipts() {
            return new Receipts();
        }

        @Bean
        Fulfilment fulfilment(Receipts receipts) {
            return new Fulfilment(receipts);
        }

    }

    /** The listener. */
    static class Fulfilment {

        private final Receipts receipts;

        Fulfilment(Receipts receipts) {
            this.receipts = receipts;
        }

        @KafkaListener(topics = TOPIC, groupId = GROUP)
        void fulfil(byte[] value) {
            this.receipts.record(JSON.readValue(value, CustomerOrder.class));
        }

    }

}
