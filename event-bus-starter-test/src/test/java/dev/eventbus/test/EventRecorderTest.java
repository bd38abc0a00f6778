package dev.eventbus.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.test.RecordedEvent.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What an {@link EventRecorder} attached to a standalone emitter records, and when.
 */
class EventRecorderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HeldTasks held = new HeldTasks();

    private final EventRecorder recorder = new EventRecorder();

    private final Emitter emitter = this.recorder.attachTo(Emitter.builder().executor(this.held)).build();

    private final RecordedEvents events = this.recorder.events();

    private ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        this.pool.shutdownNow();
    }

    @Test
    void recordsEachEmitInTheOrderItStartedWithNestedEmitsAfterTheirCause() {
        this.emitter.on("order.placed", (event) -> this.emitter.emit("stock.reserved", event.arg(0)));
        this.emitter.on("stock.reserved", (event) -> {
        });

        this.emitter.emit("order.placed", "book", 2);
        this.emitter.emit("order.placed", "pen", 1);

        assertThat(this.events.names()).containsExactly("order.placed", "stock.reserved", "order.placed",
                "stock.reserved");
        assertThat(this.events.all()).extracting(RecordedEvent::position).containsExactly(1, 2, 3, 4);
        RecordedEvent first = this.events.all().get(0);
        assertThat(first.args()).containsExactly("book", 2);
        assertThat(first.arg(1, Integer.class)).isEqualTo(2);
        assertThat(first.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(first.thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.listeners()).singleElement().satisfies((call) -> {
            assertThat(call.listenerId()).isEqualTo("lambda");
            assertThat(call.succeeded()).isTrue();
        });
    }

    @Test
    void recordsEmitsThatNoListenerMatched() {
        boolean delivered = this.emitter.emit("invoice.paid", "INV-7");

        assertThat(delivered).isFalse();
        assertThat(this.events.all()).singleElement().satisfies((event) -> {
            assertThat(event.name()).isEqualTo("invoice.paid");
            assertThat(event.outcome()).isEqualTo(Outcome.UNHANDLED);
            assertThat(event.listeners()).isEmpty();
        });
    }

    @Test
    void recordsASyncListenersFailureAsTheEmitsOutcome() {
        IllegalStateException boom = new IllegalStateException("out of stock");
        this.emitter.on("order.placed", (event) -> {
            throw boom;
        });

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.emitter.emit("order.placed"));

        RecordedEvent event = this.events.all().get(0);
        assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(event.failure()).isSameAs(boom);
        assertThat(event.listeners()).singleElement().satisfies((call) -> assertThat(call.failure()).isSameAs(boom));
    }

    @Test
    void recordsArgumentsAsEmittedEvenWhenTheCallerReusesItsArray() {
        Object[] args = { "first" };
        this.emitter.emit("e", args);
        args[0] = "changed";

        assertThat(this.events.all().get(0).args()).containsExactly("first");
    }

    @Test
    void asyncListenerRunIsRecordedOnItsEventWhenItRuns() {
        this.emitter.register(new Payments(this.emitter));

        this.emitter.emit("order.placed", "book");
        RecordedEvent placed = this.events.all().get(0);
        assertThat(placed.isDispatched()).isTrue();
        assertThat(placed.listeners()).as("handed off, not run yet").isEmpty();

        this.held.runAll();

        assertThat(placed.listeners()).singleElement().satisfies((call) -> {
            assertThat(call.listenerId()).isEqualTo("payment");
            assertThat(call.listener().async()).isTrue();
            assertThat(call.succeeded()).isTrue();
        });
        assertThat(this.events.names()).containsExactly("order.placed", "order.paid");
        assertThat(this.events.all().get(1).args()).containsExactly("book");
    }

    @Test
    void emitsOfAsyncWorkFromTheRecordingBeforeAreNotRecordedInANewOne() {
        this.emitter.register(new Payments(this.emitter));
        this.emitter.emit("order.placed", "book");

        this.recorder.start();
        this.held.runAll();
        this.emitter.emit("greet");

        assertThat(this.events.names()).as("order.paid was caused by the earlier recording").containsExactly("greet");
    }

    @Test
    void stoppedRecorderRecordsNothingAndKeepsWhatItHad() {
        this.emitter.emit("before");
        this.recorder.stop();

        this.emitter.emit("after");

        assertThat(this.events.names()).containsExactly("before");
        assertThat(this.events.isRecording()).isFalse();
        this.recorder.start();
        assertThat(this.events.all()).isEmpty();
    }

    @Test
    void clearForgetsWhatWasRecordedAndGoesOn() {
        this.emitter.emit("a");
        this.events.clear();
        this.emitter.emit("b");

        assertThat(this.events.names()).containsExactly("b");
    }

    @Test
    void streamFiltersByPatternAsListenersMatch() {
        this.emitter.emit("order.placed");
        this.emitter.emit("order.placed.eu");
        this.emitter.emit("invoice.paid");

        assertThat(this.events.stream("order.*").map(RecordedEvent::name)).containsExactly("order.placed");
        assertThat(this.events.stream("order.**").map(RecordedEvent::name)).containsExactly("order.placed",
                "order.placed.eu");
        assertThatIllegalArgumentException().isThrownBy(() -> this.events.stream("order..placed"))
            .withMessageContaining("'order..placed'");
    }

    @Test
    void awaitReturnsAnEventRecordedBeforeTheCall() {
        this.emitter.emit("order.shipped", 1);

        assertThat(this.events.await("order.shipped", Duration.ZERO).arg(0)).isEqualTo(1);
    }

    @Test
    void awaitWaitsForAnEventEmittedOnAnotherThread() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        this.pool.execute(() -> {
            await(go);
            this.emitter.emit("order.shipped", 7);
        });

        CompletableFuture<RecordedEvent> waiting = CompletableFuture
            .supplyAsync(() -> this.events.await("order.*", TIMEOUT), this.pool);
        go.countDown();

        RecordedEvent shipped = waiting.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        assertThat(shipped.name()).isEqualTo("order.shipped");
        assertThat(shipped.args()).containsExactly(7);
    }

    @Test
    void awaitTimeoutFailsNamingTheEventAndListingWhatWasRecorded() {
        this.emitter.emit("order.placed", "book");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> this.events.await("order.shipped", Duration.ofMillis(50)))
            .withMessage("""
                    Expecting within 50ms an emit of 'order.shipped'
                    but none was recorded in 50ms.
                    Recorded events (1):
                      1. order.placed ["book"] unhandled""");
    }

    @Test
    void emitsFromManyThreadsAreAllRecordedOnceEach() throws Exception {
        int threads = 4;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> emitting = IntStream.range(0, threads)
            .mapToObj((thread) -> CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    this.emitter.emit("tick", thread, i);
                }
            }, this.pool))
            .toList();
        start.countDown();
        CompletableFuture.allOf(emitting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<RecordedEvent> all = this.events.all();
        assertThat(all).hasSize(threads * perThread);
        assertThat(all).extracting(RecordedEvent::position)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(all).extracting(RecordedEvent::args).doesNotHaveDuplicates();
    }

    @Test
    void testsThatRecordWithOneRecorderAtTheSameTimeAreRefusedNamingBoth() {
        this.recorder.beginTest("FirstTests#one");

        assertThatIllegalStateException().isThrownBy(() -> this.recorder.beginTest("SecondTests#two"))
            .withMessageContaining("SecondTests#two")
            .withMessageContaining("FirstTests#one")
            .withMessageContaining("@Execution(ExecutionMode.SAME_THREAD)");
        this.recorder.endTest();
        this.recorder.beginTest("SecondTests#two");
    }

    @Test
    void recorderKnowsWhetherAnEmitterReportsToIt() {
        EventRecorder detached = new EventRecorder();
        assertThat(detached.isInstalled()).isFalse();

        detached.attachTo(Emitter.builder()).build();

        assertThat(detached.isInstalled()).isTrue();
        assertThat(this.recorder.isInstalled()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Latch not released in time");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static class Payments {

        private final Emitter emitter;

        Payments(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "order.placed", async = true, id = "payment")
        void charge(String item) {
            this.emitter.emit("order.paid", item);
        }

    }

}
