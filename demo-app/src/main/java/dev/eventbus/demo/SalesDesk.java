package dev.eventbus.demo;

import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * A conditional listener: the SpEL condition picks the big orders, by parameter name.
 */
@Slf4j
@Component
class SalesDesk {

    @On(value = "order.placed", condition = "#order.amount > 100")
    void thankBigSpender(Order order) {
        log.info("Big order #{} ({}): sales will call to say thanks", order.id(), order.amount());
    }
}
