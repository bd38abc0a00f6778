package dev.eventbus.demo;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Ships each paid order once, whichever instance took the payment: an {@code instances = ONE} listener. It never runs
 * at the emit; Kafka hands each {@code order.paid} to one instance of the group ({@code eventbus.kafka.group}), which
 * runs it in a transaction that also writes the event id to the inbox (the demo's H2 database), so that the same
 * instance receiving the record again does not ship twice.
 * <p>
 * In the {@code kafka} profile only: without the Kafka module (switched off by default), a listener with
 * {@code instances = ONE} fails the startup.
 */
@Slf4j
@Component
@Profile("kafka")
class Shipping {

    private final Queue<Shipment> shipments = new ConcurrentLinkedQueue<>();

    @On(value = "order.paid", id = "shipping", instances = Instances.ONE)
    void ship(Order order, Event event) {
        this.shipments.add(new Shipment(Instant.now(), order.id(), event.origin(), order.item(), order.quantity(),
                event.id()));
        log.info("Shipping {} x {} for order #{} of instance {}, here and nowhere else", order.quantity(),
                order.item(), order.id(), event.origin());
    }

    /** The orders this instance shipped. */
    List<Shipment> shipments() {
        return List.copyOf(this.shipments);
    }

    /**
     * One order shipped by this instance.
     *
     * @param at when
     * @param orderId the order's id in the instance that placed it
     * @param origin that instance ({@code eventbus.instance-id})
     * @param item what was shipped
     * @param quantity how many
     * @param eventId the id of the {@code order.paid} event, the same in every instance
     */
    record Shipment(Instant at, long orderId, String origin, String item, int quantity, String eventId) {
    }
}
