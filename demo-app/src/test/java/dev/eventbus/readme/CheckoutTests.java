package dev.eventbus.readme;

import java.time.Duration;

import dev.eventbus.test.RecordEvents;
import dev.eventbus.test.RecordedEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@RecordEvents
class CheckoutTests {
    @Test
    void placingAnOrderReservesAndPaysIt(@Autowired Checkout checkout, RecordedEvents events) {
        Order order = new Order("book", 2);
        checkout.place(order);
        assertThat(events).emitted("order.placed").withArgs(order).handledBy("inventory#reserve");
        assertThat(events).within(Duration.ofSeconds(5)).emitted("order.paid").withArgs(order);
    }
}
