package dev.eventbus.demo;

import dev.eventbus.Event;
import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * Writes to the customer off the request thread: one listener on two names, told apart by the {@link Event}.
 */
@Slf4j
@Component
class Mailer {

    @On(value = { "order.placed", "order.paid" }, async = true)
    void send(Event event, Order order) {
        String subject = "order.paid".equals(event.name()) ? "Payment received" : "We got your order";
        log.info("Email for order #{}: {}", order.id(), subject);
    }
}
