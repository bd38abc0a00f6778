package dev.eventbus.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.eventbus.Emitter;
import dev.eventbus.test.EventRecorder;
import dev.eventbus.test.RecordedEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The demo's listeners tested without Spring, on an emitter of the test's own with an {@link EventRecorder}
 * attached, as the user guide shows.
 */
class OrderListenersTests {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventRecorder recorder = new EventRecorder();

    private final Emitter emitter = this.recorder.attachTo(Emitter.builder()).build();

    private final RecordedEvents events = this.recorder.events();

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
    void paymentAnnouncesOrderPaid() {
        this.emitter.register(new Payments(this.emitter));
        Order order = order(1, "book", 1, "12");

        this.emitter.emit("order.placed", order);

        assertThat(this.events).within(TIMEOUT).emitted("order.paid").withArgs(order);
        assertThat(this.events).emittedInOrder("order.placed", "order.paid");
    }

    @Test
    void declinedPaymentFailsOnlyThePaymentListenerAndAnnouncesNothing() {
        this.emitter.register(new Payments(this.emitter));
        this.emitter.register(new Mailer());
        Order order = order(2, "book", 1, "1000.01");

        boolean delivered = this.emitter.emit("order.placed", order);

        assertThat(delivered).isTrue();
        assertThat(this.events).within(TIMEOUT)
            .emitted("order.placed")
            .withArgs(order)
            .handledBy("Mailer#send")
            .failedIn("payment")
            .isInstanceOf(Payments.PaymentDeclinedException.class)
            .hasMessageStartingWith("Card declined for order #2");
        assertThat(this.events).notEmitted("order.paid", "error");
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
