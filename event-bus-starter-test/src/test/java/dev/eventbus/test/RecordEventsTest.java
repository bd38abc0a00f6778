package dev.eventbus.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RecordEvents @RecordEvents} in a {@code @SpringBootTest}: injection, a fresh recording per test method, and
 * async work of one test kept out of the next.
 */
@SpringBootTest(classes = ShopApplication.class)
@RecordEvents
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Autowired
    private RecordedEvents autowired;

    @Autowired
    private ShopApplication.Shop shop;

    @Autowired
    private Emitter emitter;

    @BeforeEach
    void emitInSetUp(RecordedEvents events) {
        assertThat(events).nothingEmitted();
        this.emitter.emit("setup.done");
    }

    @Test
    @Order(1)
    void recordsWhatTheApplicationEmitsWithOutcomesAndListeners(RecordedEvents events) {
        this.shop.place("book");
        this.emitter.emit("invoice.paid", "INV-7");

        assertThat(events).emitted("order.placed").withArgs("book").delivered().handledBy("shop#reserve");
        assertThat(events).emitted("invoice.paid").unhandled();
        assertThat(events).within(TIMEOUT).emitted("order.paid").withArgs("book");
        assertThat(events).within(TIMEOUT).emitted("order.placed").handledBy("shop#reserve", "payment");
        assertThat(events).emittedInOrder("setup.done", "order.placed", "order.paid");
    }

    @Test
    @Order(2)
    void startsEachTestWithOnlyWhatItsSetUpEmitted(RecordedEvents events) {
        assertThat(events).names().containsExactly("setup.done");
        assertThat(this.autowired).as("the autowired field and the parameter").isSameAs(events);
        assertThat(events.isRecording()).isTrue();
    }

    @Test
    @Order(3)
    void syncFailureIsRecordedAsTheEmitsOutcome(RecordedEvents events) {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.shop.place("mug"));

        assertThat(events).emitted("order.placed").withArgs("mug").failedWith(IllegalStateException.class);
        assertThat(events).notEmitted("order.paid");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThat(events).emitted("order.placed").delivered())
            .withMessageContaining("Expecting an emit of 'order.placed' that was delivered\n")
            .withMessageContaining("2. order.placed [\"mug\"] failed: IllegalStateException: Out of stock: mug; "
                    + "ran shop#reserve (failed: IllegalStateException: Out of stock: mug)");
    }

    @Test
    @Order(4)
    void startsAsyncWorkThatOutlivesTheTest(RecordedEvents events) {
        this.emitter.emit("job.started");

        assertThat(events).emitted("job.started");
    }

    @Test
    @Order(5)
    void emitsOfTheEarlierTestsAsyncWorkAreNotRecorded(RecordedEvents events) throws InterruptedException {
        ShopApplication.Jobs.mayFinish.countDown();
        assertThat(ShopApplication.Jobs.finished.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(events).notEmitted("job.done");
        this.emitter.emit("job.done");
        assertThat(events).emitted("job.done").once();
    }

    @AfterEach
    void emitInTearDown(RecordedEvents events) {
        this.emitter.emit("teardown");
        assertThat(events).emitted("teardown");
    }

    @Nested
    class NestedTests {

        @Test
        void recordNestedTestsToo(RecordedEvents events) {
            RecordEventsTest.this.shop.place("pen");

            assertThat(events).emitted("order.placed").withArgs("pen");
        }

    }

}
