package dev.eventbus.demo;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The demo's listeners tested without Spring, on {@link Emitter#create()}, as the user guide shows.
 */
class OrderListenersTests {

    private final Emitter emitter = Emitter.create();

    @Test
    void inventoryReservesStockOnTheEmittingThread() {
        Inventory inventory = new Inventory();
        this.emitter.register(inventory);

        this.emitter.emit("order.placed", order(1, "book", 2, "42.5"));

        assertThat(inventory.stock()).containsEntry("book", 98);
    }

    @Test
    void outOfStockReachesTheEmitterAsTheSameException() {
        Inventory inventory = new Inventory();
        this.emitter.register(inventory);

        assertThatExceptionOfType(OutOfStockException.class)
            .isThrownBy(() -> this.emitter.emit("order.placed", order(1, "mug", 4, "30")));
        assertThat(inventory.stock()).containsEntry("mug", 3);
    }

    @Test
    void paymentAnnouncesOrderPaid() throws Exception {
        this.emitter.register(new Payments(this.emitter));
        Order order = order(1, "book", 1, "12");
        CompletableFuture<Event> paid = this.emitter.next("order.paid");

        this.emitter.emit("order.placed", order);

        assertThat(paid.get(5, TimeUnit.SECONDS).arg(0)).isEqualTo(order);
    }

    @Test
    void paymentOverTheCardLimitFailsTheEmitAsyncFuture() {
        this.emitter.register(new Payments(this.emitter));

        CompletableFuture<Void> done = this.emitter.emitAsync("order.placed", order(1, "book", 1, "1000.01"));

        assertThatExceptionOfType(CompletionException.class).isThrownBy(done::join)
            .havingCause()
            .isInstanceOf(Payments.PaymentDeclinedException.class)
            .withMessageStartingWith("Card declined for order #1");
    }

    private static Order order(long id, String item, int quantity, String amount) {
        return new Order(id, item, quantity, new BigDecimal(amount));
    }
}
