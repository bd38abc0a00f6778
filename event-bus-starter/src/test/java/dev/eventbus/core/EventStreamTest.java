package dev.eventbus.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.EventStream;
import dev.eventbus.EventStreamException;
import dev.eventbus.UnhandledErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@link Emitter#stream}: events taken one at a time from a bounded buffer, as Node's {@code events.on}, with
 * back-pressure on the emitter and an end on {@code "error"}.
 */
class EventStreamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Emitter emitter = Emitter.create();

    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProducer() {
        this.producer.shutdownNow();
    }

    @Test
    void streamGivesTheMatchingEventsInEmitOrder() throws Exception {
        try (EventStream orders = this.emitter.stream("order.*")) {
            this.emitter.emit("order.placed", 1);
            this.emitter.emit("invoice.paid", 2);
            this.emitter.emit("order.paid", 3);

            assertThat(orders.buffered()).isEqualTo(2);
            assertThat(orders.take().name()).isEqualTo("order.placed");
            assertThat(orders.next().arg(0)).isEqualTo(3);
            assertThat(orders.poll(Duration.ofMillis(10))).isNull();
        }
    }

    @Test
    void takeWaitsForAnEventEmittedByAnotherThread() throws Exception {
        try (EventStream orders = this.emitter.stream("order.placed")) {
            this.producer.submit(() -> this.emitter.emit("order.placed", "book"));

            assertThat(orders.poll(TIMEOUT)).extracting((event) -> event.arg(0)).isEqualTo("book");
        }
    }

    @Test
    void closingRemovesItsListenersAndEndsTheIteration() {
        EventStream orders = this.emitter.stream("order.placed");
        this.emitter.emit("order.placed", 1);
        assertThat(this.emitter.listenerCount("order.placed")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("error")).isEqualTo(1);

        orders.close();
        orders.close();

        assertThat(this.emitter.listenerCount("order.placed")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
        assertThat(orders.isOpen()).isFalse();
        assertThat(orders.hasNext()).isFalse();
        assertThatThrownBy(orders::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(orders::take).isInstanceOf(EventStreamException.class).hasMessageContaining("closed");
    }

    @Test
    void errorEndsTheStreamAfterTheBufferedEventsWithTheErrorAsCause() throws Exception {
        IllegalStateException failure = new IllegalStateException("boom");
        EventStream orders = this.emitter.stream("order.placed");
        this.emitter.emit("order.placed", 1);

        assertThat(this.emitter.emit("error", failure)).as("handled by the stream, as in Node").isTrue();

        assertThat(orders.isOpen()).isFalse();
        assertThat(this.emitter.listenerCount("order.placed")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
        assertThat(orders.hasNext()).isTrue();
        assertThat(orders.next().arg(0)).isEqualTo(1);
        assertThatThrownBy(orders::hasNext).isInstanceOf(EventStreamException.class)
            .hasMessageContaining("'order.placed'")
            .hasCause(failure);
        assertThatThrownBy(orders::take).isInstanceOf(EventStreamException.class).hasCause(failure);
        assertThatThrownBy(() -> orders.poll(Duration.ZERO)).isInstanceOf(EventStreamException.class);
    }

    @Test
    void errorThatIsNotAThrowableEndsTheStreamWithAnUnhandledErrorException() {
        EventStream orders = this.emitter.stream("order.placed");

        this.emitter.emit("error", "just a string");

        assertThat(catchThrowable(orders::take)).isInstanceOf(EventStreamException.class)
            .cause()
            .isInstanceOf(UnhandledErrorException.class)
            .hasMessageContaining("just a string");
    }

    @Test
    void streamOfErrorGivesTheErrorEventsAndDoesNotEnd() throws Exception {
        IOException failure = new IOException("disk full");
        try (EventStream errors = this.emitter.stream("error")) {
            this.emitter.emit("error", failure);

            assertThat(errors.take().arg(0)).isSameAs(failure);
            assertThat(errors.isOpen()).isTrue();
        }
    }

    @Test
    void fullBufferMakesTheEmitterWaitUntilTheConsumerTakes() throws Exception {
        try (EventStream orders = this.emitter.stream("order.placed", 1, TIMEOUT)) {
            this.emitter.emit("order.placed", 1);
            AtomicReference<Thread> emitting = new AtomicReference<>();
            Future<?> second = this.producer.submit(() -> {
                emitting.set(Thread.currentThread());
                this.emitter.emit("order.placed", 2);
            });

            await().atMost(TIMEOUT)
                .until(() -> emitting.get() != null && emitting.get().getState() == Thread.State.TIMED_WAITING);
            assertThat(second).as("held up by the full buffer").isNotDone();
            assertThat(orders.take().arg(0)).isEqualTo(1);
            second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(orders.take().arg(0)).isEqualTo(2);
        }
    }

    @Test
    void bufferStillFullAfterTheWaitFailsTheEmitAndEndsTheStream() throws Exception {
        List<String> after = new ArrayList<>();
        EventStream orders = this.emitter.stream("order.placed", 2, Duration.ZERO);
        this.emitter.on("order.placed", (event) -> after.add("after " + event.arg(0)));
        this.emitter.emit("order.placed", 1);
        this.emitter.emit("order.placed", 2);

        Throwable overflow = catchThrowable(() -> this.emitter.emit("order.placed", 3));

        assertThat(overflow).isInstanceOf(EventStreamException.class)
            .hasMessageContaining("'order.placed' is full: 2 events")
            .hasMessageContaining("PT0S");
        assertThat(((EventStreamException) overflow).getEvent()).isEqualTo("order.placed");
        assertThat(after).containsExactly("after 1", "after 2");
        assertThat(orders.isOpen()).isFalse();
        assertThat(this.emitter.listenerCount("order.placed")).isEqualTo(1);
        assertThat(orders.take().arg(0)).isEqualTo(1);
        assertThat(orders.take().arg(0)).isEqualTo(2);
        assertThatThrownBy(orders::take).isInstanceOf(EventStreamException.class).hasCause(overflow);
    }

    @Test
    void closingReleasesAnEmitWaitingForRoom() throws Exception {
        EventStream orders = this.emitter.stream("order.placed", 1, TIMEOUT);
        this.emitter.emit("order.placed", 1);
        AtomicReference<Thread> emitting = new AtomicReference<>();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            emitting.set(Thread.currentThread());
            return this.emitter.emit("order.placed", 2);
        }, this.producer);
        await().atMost(TIMEOUT)
            .until(() -> emitting.get() != null && emitting.get().getState() == Thread.State.TIMED_WAITING);

        orders.close();

        assertThat(second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(orders.buffered()).isZero();
    }

    @Test
    void invalidCapacityOrWaitIsRejectedNamingTheValueAndRegistersNothing() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.stream("e", 0, TIMEOUT))
            .withMessageContaining("but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.stream("e", 1, Duration.ofSeconds(-1)))
            .withMessageContaining("PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.stream("e.", 1, TIMEOUT))
            .withMessageContaining("'e.'");
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void iteratingTakesEveryEventUntilTheStreamIsClosed() throws Exception {
        EventStream orders = this.emitter.stream("order.placed");
        List<Object> taken = new ArrayList<>();
        Future<?> consumer = this.producer.submit(() -> {
            while (orders.hasNext()) {
                Event event = orders.next();
                taken.add(event.arg(0));
                if (taken.size() == 3) {
                    orders.close();
                }
            }
        });

        for (int i = 1; i <= 3; i++) {
            this.emitter.emit("order.placed", i);
        }

        consumer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(taken).containsExactly(1, 2, 3);
        assertThat(this.emitter.listenerCount("order.placed")).isZero();
    }

}
