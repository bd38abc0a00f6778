package dev.eventbus.demo;

import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * Files a receipt for each paid order, durably: {@code order.paid} writes a publication to the log (H2 here) before
 * its emit returns, and the receipt is filed after, on the bus executor, until it succeeds, across restarts too.
 */
@Slf4j
@Component
class Receipts {

    @On(value = "order.paid", id = "receipt", durable = true)
    void file(Order order) {
        log.info("Receipt filed for order #{}", order.id());
    }
}
