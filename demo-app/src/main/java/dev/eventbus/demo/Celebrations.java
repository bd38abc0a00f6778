package dev.eventbus.demo;

import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * A once-listener: it fires for the first order only, then removes itself.
 */
@Slf4j
@Component
class Celebrations {

    @On(value = "order.placed", once = true)
    void firstOrder(Order order) {
        log.info("First order ever: #{} ({} x {}). Cake for everyone!", order.id(), order.quantity(), order.item());
    }
}
