package dev.eventbus.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * Reserves stock for each order: a sync listener whose failure must stop the order.
 */
@Slf4j
@Component
class Inventory {

    private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of("book", 100, "pen", 500, "mug", 3));

    /**
     * Runs on the caller's thread before the default-order listeners (order -10 &lt; 0), so an order that cannot be
     * served fails the request before the payment listener is even handed to the executor.
     */
    @On(value = "order.placed", order = -10)
    void reserve(Order order) {
        this.stock.compute(order.item(), (item, left) -> {
            int available = (left != null) ? left : 0;
            if (available < order.quantity()) {
                throw new OutOfStockException(item, order.quantity(), available);
            }
            return available - order.quantity();
        });
        log.info("Reserved {} x {} for order #{}", order.quantity(), order.item(), order.id());
    }

    Map<String, Integer> stock() {
        return new TreeMap<>(this.stock);
    }
}
