package dev.eventbus.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The assertions on {@link RecordedEvents}: what they accept, and the message of each failure.
 */
class RecordedEventsAssertTest {

    private static final Duration SHORT = Duration.ofMillis(100);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HeldTasks held = new HeldTasks();

    private final EventRecorder recorder = new EventRecorder();

    private final Emitter emitter = this.recorder.attachTo(Emitter.builder().executor(this.held)).build();

    private final RecordedEvents events = this.recorder.events();

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        this.pool.shutdownNow();
    }

    @Test
    void emittedPassesForANameOrPatternThatWasEmitted() {
        this.emitter.emit("order.placed", new Order(1, "book"));

        assertThat(this.events).emitted("order.placed");
        assertThat(this.events).emitted("order.*").once();
        assertThat(this.events).emitted("**").withArgs(new Order(1, "book"));
    }

    @Test
    void emittedFailsNamingTheEventAndListingWhatWasRecorded() {
        this.emitter.emit("order.placed", new Order(1, "book"));
        this.emitter.emit("invoice.paid", "INV-7");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.shipped"))
            .withMessage("""
                    Expecting an emit of 'order.shipped'
                    but none was recorded.
                    Recorded events (2):
                      1. order.placed [Order[id=1, item=book]] unhandled
                      2. invoice.paid ["INV-7"] unhandled""");
    }

    @Test
    void withArgsFailsListingTheArgumentsOfTheEmitsOfThatName() {
        this.emitter.on("order.placed", (event) -> {
        });
        this.emitter.emit("order.placed", new Order(1, "book"));
        this.emitter.emit("order.placed", new Order(2, "pen"), 3);
        this.emitter.emit("greet");

        assertThat(this.events).emitted("order.placed").withArgs(new Order(2, "pen"), 3);
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed").withArgs(new Order(2, "pen")))
            .withMessage("""
                    Expecting an emit of 'order.placed' with args [Order[id=2, item=pen]]
                    but the emits of 'order.placed' were:
                      1. order.placed [Order[id=1, item=book]] delivered; ran lambda
                      2. order.placed [Order[id=2, item=pen], 3] delivered; ran lambda
                    Recorded events (3):
                      1. order.placed [Order[id=1, item=book]] delivered; ran lambda
                      2. order.placed [Order[id=2, item=pen], 3] delivered; ran lambda
                      3. greet [] unhandled""");
    }

    @Test
    void chainedExpectationsMustHoldForOneEmit() {
        this.emitter.emit("order.placed", new Order(1, "book"));
        this.emitter.on("order.placed", (event) -> {
        });
        this.emitter.emit("order.placed", new Order(2, "pen"));

        assertThat(this.events).emitted("order.placed").withArg(0, new Order(2, "pen")).delivered();
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed")
                .withArg(0, new Order(2, "pen"))
                .unhandled())
            .withMessageStartingWith("""
                    Expecting an emit of 'order.placed' with argument 0 Order[id=2, item=pen], that no listener matched
                    but the emits of 'order.placed' with argument 0 Order[id=2, item=pen] were:
                      2. order.placed [Order[id=2, item=pen]] delivered; ran lambda
                    """);
    }

    @Test
    void withArgMatchingTestsTheArgumentOfTheGivenType() {
        this.emitter.emit("order.placed", new Order(7, "mug"));

        assertThat(this.events).emitted("order.placed").withArgMatching(0, Order.class, (order) -> order.id() == 7);
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed")
                .withArgMatching(0, String.class, (item) -> true))
            .withMessageStartingWith(
                    "Expecting an emit of 'order.placed' with argument 0 a String matching the given predicate\n");
    }

    @Test
    void timesCountsTheEmitsTheChainMatches() {
        this.emitter.emit("order.placed", 1);
        this.emitter.emit("order.paid", 1);
        this.emitter.emit("order.placed", 2);

        assertThat(this.events).emitted("order.*").times(3);
        assertThat(this.events).emitted("order.placed").withArgs(2).once();
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed").times(1))
            .withMessage("""
                    Expecting 1 emit of 'order.placed'
                    but found 2:
                      1. order.placed [1] unhandled
                      3. order.placed [2] unhandled
                    Recorded events (3):
                      1. order.placed [1] unhandled
                      2. order.paid [1] unhandled
                      3. order.placed [2] unhandled""");
    }

    @Test
    void emittedInOrderAcceptsOtherEmitsInBetween() {
        this.emitter.emit("order.placed");
        this.emitter.emit("greet");
        this.emitter.emit("order.paid");
        this.emitter.emit("order.shipped");

        assertThat(this.events).emittedInOrder("order.placed", "order.paid", "order.shipped");
        assertThat(this.events).emittedInOrder("order.*", "order.*", "order.*");
    }

    @Test
    void emittedInOrderFailsNamingTheFirstMissingStep() {
        this.emitter.emit("order.paid");
        this.emitter.emit("order.placed");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emittedInOrder("order.placed", "order.paid"))
            .withMessage("""
                    Expecting emits in this order: 'order.placed', 'order.paid'
                    but after 'order.placed' (2.) no emit matched 'order.paid'.
                    Recorded events (2):
                      1. order.paid [] unhandled
                      2. order.placed [] unhandled""");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emittedInOrder("order.shipped", "order.paid"))
            .withMessageStartingWith("""
                    Expecting emits in this order: 'order.shipped', 'order.paid'
                    but no emit matched 'order.shipped'.
                    """);
    }

    @Test
    void notEmittedFailsListingTheEmitsThatMatched() {
        this.emitter.emit("order.placed", 1);
        this.emitter.emit("order.cancelled", 1);

        assertThat(this.events).notEmitted("order.shipped", "invoice.*");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).notEmitted("order.cancelled"))
            .withMessage("""
                    Expecting no emit of 'order.cancelled'
                    but found:
                      2. order.cancelled [1] unhandled
                    Recorded events (2):
                      1. order.placed [1] unhandled
                      2. order.cancelled [1] unhandled""");
    }

    @Test
    void nothingEmittedFailsListingWhatWas() {
        assertThat(this.events).nothingEmitted();
        this.emitter.emit("greet");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).nothingEmitted())
            .withMessage("""
                    Expecting no emit
                    but found:
                      1. greet [] unhandled""");
    }

    @Test
    void emitAsyncWhoseSyncListenerFailedIsRecordedWithThatFailure() {
        IllegalStateException outOfStock = new IllegalStateException("Out of stock: mug");
        this.emitter.on("order.placed", (event) -> {
            throw outOfStock;
        });

        assertThat(this.emitter.emitAsync("order.placed", "mug")).isCompletedExceptionally();

        assertThat(this.events).emitted("order.placed").failedWith(IllegalStateException.class).once();
        assertThat(this.events.all()).singleElement()
            .satisfies((event) -> assertThat(event.failure()).as("what fails its future").isSameAs(outOfStock));
    }

    @Test
    void outcomesTellDeliveredUnhandledAndFailedEmitsApart() {
        this.emitter.on("order.placed", (event) -> {
            if ("mug".equals(event.arg(0))) {
                throw new IllegalStateException("Out of stock: mug");
            }
        });
        this.emitter.emit("order.placed", "book");
        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> this.emitter.emit("order.placed", "mug"));
        this.emitter.emit("invoice.paid", "INV-7");

        assertThat(this.events).emitted("order.placed").withArgs("book").delivered();
        assertThat(this.events).emitted("order.placed").failedWith(IllegalStateException.class).withArgs("mug");
        assertThat(this.events).emitted("invoice.paid").unhandled();
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed").withArgs("book")
                .failedWith(IllegalStateException.class))
            .withMessageContaining("but the emits of 'order.placed' with args [\"book\"] were:\n"
                    + "  1. order.placed [\"book\"] delivered; ran lambda\n")
            .withMessageContaining("  2. order.placed [\"mug\"] failed: IllegalStateException: Out of stock: mug; "
                    + "ran lambda (failed: IllegalStateException: Out of stock: mug)");
    }

    @Test
    void handledByChecksWhichListenersRanAndFinished() {
        this.emitter.register(new Shop(this.emitter));

        this.emitter.emit("order.placed", new Order(1, "book"));

        assertThat(this.events).emitted("order.placed").handledBy("inventory").notHandledBy("payment");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed").handledBy("inventory", "payment"))
            .withMessage("""
                    Expecting an emit of 'order.placed' handled by 'inventory', 'payment'
                    but the emits of 'order.placed' were:
                      1. order.placed [Order[id=1, item=book]] delivered; ran inventory""");

        this.held.runAll();

        assertThat(this.events).emitted("order.placed").handledBy("inventory", "payment");
        assertThat(this.events).emittedInOrder("order.placed", "order.paid");
    }

    @Test
    void withinWaitsForAnEmitFromAnotherThread() {
        EventRecorder recorder = new EventRecorder();
        Emitter emitter = recorder.attachTo(Emitter.builder().executor(this.pool)).build();
        CountDownLatch paymentMayAnswer = new CountDownLatch(1);
        emitter.register(new SlowPayments(emitter, paymentMayAnswer));

        emitter.emit("order.placed", new Order(3, "pen"));
        assertThat(recorder.events()).notEmitted("order.paid");
        paymentMayAnswer.countDown();

        assertThat(recorder.events()).within(TIMEOUT).emitted("order.paid").withArgs(new Order(3, "pen"));
        assertThat(recorder.events()).within(TIMEOUT).emitted("order.placed").handledBy("payment");
        assertThat(recorder.events()).within(TIMEOUT).emittedInOrder("order.placed", "order.paid");
    }

    @Test
    void withinFailsAfterTheTimeoutNamingTheEventAndTheWait() {
        this.emitter.emit("order.placed", 1);

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).within(SHORT).emitted("order.paid"))
            .withMessage("""
                    Expecting within 100ms an emit of 'order.paid'
                    but none was recorded in 100ms.
                    Recorded events (1):
                      1. order.placed [1] unhandled""");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).within(SHORT).emitted("order.placed").withArgs(2))
            .withMessageStartingWith("""
                    Expecting within 100ms an emit of 'order.placed' with args [2]
                    but the emits of 'order.placed' were:
                      1. order.placed [1] unhandled""");
    }

    @Test
    void withinCannotWaitForAnAbsence() {
        assertThatIllegalStateException().isThrownBy(() -> assertThat(this.events).within(SHORT).notEmitted("x"))
            .withMessage("notEmitted() checks the events recorded so far and cannot wait: call it without within(...)");
        assertThatIllegalStateException().isThrownBy(() -> assertThat(this.events).within(SHORT).nothingEmitted());
    }

    @Test
    void failedInGivesTheFailureOfAnAsyncListener() {
        this.emitter.register(new Shop(this.emitter));
        this.emitter.emit("order.placed", new Order(1, "unknown"));
        this.held.runAll();

        assertThat(this.events).emitted("order.placed")
            .failedIn("payment")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Card declined for order #1");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed").failedIn("inventory"))
            .withMessageStartingWith("""
                    Expecting an emit of 'order.placed' in which listener 'inventory' failed
                    but the emits of 'order.placed' were:
                      1. order.placed [Order[id=1, item=unknown]] delivered; ran inventory, payment (failed: \
                    IllegalArgumentException: Card declined for order #1)""");
    }

    @Test
    void descriptionLeadsTheFailureMessage() {
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).as("after checkout").emitted("order.placed"))
            .withMessageStartingWith("[after checkout] Expecting an emit of 'order.placed'\n");
    }

    @Test
    void failureSaysWhenNothingIsBeingRecorded() {
        this.recorder.stop();

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(this.events).emitted("order.placed"))
            .withMessageEndingWith("No event was recorded.\n(Nothing is being recorded now: in a Spring test, "
                    + "annotate the test class with @RecordEvents.)");
    }

    @Test
    void eventsAndNamesOpenAssertJsListAssertions() {
        this.emitter.emit("order.placed", 1);
        this.emitter.emit("order.paid", 1);

        assertThat(this.events).names().containsExactly("order.placed", "order.paid");
        assertThat(this.events).emitted("order.*").events().extracting(RecordedEvent::name)
            .containsExactly("order.placed", "order.paid");
    }

    record Order(long id, String item) {
    }

    static class Shop {

        private final Emitter emitter;

        Shop(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "order.placed", id = "inventory")
        void reserve(Order order) {
        }

        @On(value = "order.placed", async = true, id = "payment")
        void charge(Order order) {
            if ("unknown".equals(order.item())) {
                throw new IllegalArgumentException("Card declined for order #" + order.id());
            }
            this.emitter.emit("order.paid", order);
        }

    }

    static class SlowPayments {

        private final Emitter emitter;

        private final CountDownLatch mayAnswer;

        SlowPayments(Emitter emitter, CountDownLatch mayAnswer) {
            this.emitter = emitter;
            this.mayAnswer = mayAnswer;
        }

        @On(value = "order.placed", async = true, id = "payment")
        void charge(Order order) throws InterruptedException {
            if (this.mayAnswer.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.emitter.emit("order.paid", order);
            }
        }

    }

}
