package dev.eventbus.benchmarks.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.Instances;
import dev.eventbus.On;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event bus with {@code event-bus-spring-boot-starter-kafka}, as an application would configure it (everything
 * else at its defaults): two instances of one application, each with {@code eventbus.kafka.publish=bench.*} and a
 * route keying {@code bench.*} events by {@code #a0.customerId}; the receiver holds the one
 * {@code @On(value = "bench.order", instances = ONE)} listener of the group, the sender emits
 * {@code emitter.emit("bench.order", order)} (no transaction: the send lane takes it at once).
 */
final class EventBusContender extends KafkaContender {

    static final String EVENT = "bench.order";

    private final Receipts receipts;

    private final Emitter emitter;

    EventBusContender(String bootstrapServers) {
        this.receipts = start(ReceiverApp.class, properties(bootstrapServers, "receiver"), List.of()).getBean(Receipts.class);
        this.emitter = start(SenderApp.class, properties(bootstrapServers, "sender"), List.of()).getBean(Emitter.class);
        prime();
    }

    private static List<String> properties(String bootstrapServers, String instance) {
        List<String> properties = new ArrayList<>();
        properties.add("spring.kafka.bootstrap-servers=" + bootstrapServers);
        properties.add("spring.application.name=bench");
        properties.add("eventbus.instance-id=" + instance);
        properties.add("eventbus.kafka.group=bench");
        properties.add("eventbus.kafka.publish=bench.*");
        properties.add("eventbus.kafka.routes[0].pattern=bench.*");
        properties.add("eventbus.kafka.routes[0].key=#a0.customerId");
        properties.add("eventbus.kafka.topics.partitions=" + PARTITIONS);
        // no DataSource here, so no outbox either way; said explicitly, as it is what is measured
        properties.add("eventbus.kafka.outbox.enabled=false");
        return properties;
    }

    @Override
    protected void send(CustomerOrder order) {
        this.emitter.emit(EVENT, order);
    }

    @Override
    protected Receipts receipts() {
        return this.receipts;
    }

    /** The sending instance: no listener of its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SenderApp {

    }

    /** The receiving instance: the group's ONE listener. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ReceiverApp {

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

        @On(value = EVENT, instances = Instances.ONE)
        void fulfil(CustomerOrder order) {
            this.receipts.record(order);
        }

    }

}
