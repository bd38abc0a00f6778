package dev.eventbus.demo;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * Charges each order off the request thread, and announces {@code order.paid}; orders above the card limit fail,
 * which the bus reports as the {@code "error"} event since no caller is waiting.
 */
@Slf4j
@Component
class Payments {

    static final BigDecimal CARD_LIMIT = new BigDecimal("1000");

    private final Emitter emitter;

    Payments(Emitter emitter) {
        this.emitter = emitter;
    }

    @On(value = "order.placed", async = true, id = "payment")
    void charge(Order order) throws InterruptedException {
        // The provider takes a moment to answer: a run time for the live page and the dashboard to show.
        Thread.sleep(ThreadLocalRandom.current().nextLong(20, 120));
        if (order.amount().compareTo(CARD_LIMIT) > 0) {
            throw new PaymentDeclinedException(
                    "Card declined for order #" + order.id() + ": " + order.amount() + " is over the limit of " + CARD_LIMIT);
        }
        log.info("Charged {} for order #{}", order.amount(), order.id());
        this.emitter.emit("order.paid", order);
    }

    /**
     * The payment provider said no.
     */
    static class PaymentDeclinedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PaymentDeclinedException(String message) {
            super(message);
        }
    }
}
