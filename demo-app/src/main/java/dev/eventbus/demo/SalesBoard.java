package dev.eventbus.demo;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Paid orders by item, kept in memory by each instance: a copy that every instance must update for every paid order,
 * wherever it was paid. An {@code instances = ALL} listener: in the instance that emits {@code order.paid} it runs at
 * the emit, as a sync listener; every other instance runs it once when the event arrives from Kafka.
 * <p>
 * In the {@code kafka} profile only: without the Kafka module (switched off by default), a listener with
 * {@code instances = ALL} fails the startup.
 */
@Slf4j
@Component
@Profile("kafka")
class SalesBoard {

    private final Map<String, Sales> byItem = new ConcurrentHashMap<>();

    @On(value = "order.paid", id = "salesBoard", instances = Instances.ALL)
    void count(Order order, Event event) {
        this.byItem.merge(order.item(), new Sales(1, order.quantity(), order.amount()), Sales::plus);
        log.info("Sales board: order #{} of instance {} counted ({} x {}, {})", order.id(), event.origin(),
                order.quantity(), order.item(), order.amount());
    }

    Map<String, Sales> totals() {
        return new TreeMap<>(this.byItem);
    }

    /**
     * The paid orders of one item.
     *
     * @param orders how many
     * @param quantity the items in them
     * @param revenue what they were paid
     */
    record Sales(long orders, long quantity, BigDecimal revenue) {

        Sales plus(Sales other) {
            return new Sales(this.orders + other.orders, this.quantity + other.quantity,
                    this.revenue.add(other.revenue));
        }
    }
}
