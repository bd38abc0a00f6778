package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.On;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Closing an emitter: emits refused, accepted async work drained, what cannot finish in time reported.
 */
class EmitterShutdownTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TrackingExecutor executor = new TrackingExecutor(1);

    private final DefaultEmitter emitter = new DefaultEmitter(this.executor, 0, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner());

    private final Slow slow = new Slow();

    @AfterEach
    void stopExecutor() {
        this.slow.release.countDown();
        this.executor.close();
    }

    @Test
    void emitAfterCloseThrowsEmitterClosedExceptionNamingTheEvent() {
        AtomicInteger calls = new AtomicInteger();
        this.emitter.on("order.placed", (event) -> calls.incrementAndGet());

        this.emitter.close();

        assertThat(this.emitter.isClosed()).isTrue();
        assertThatExceptionOfType(EmitterClosedException.class).isThrownBy(() -> this.emitter.emit("order.placed"))
            .withMessageContaining("'order.placed'")
            .withMessageContaining("closed")
            .satisfies((ex) -> assertThat(ex.getEvent()).isEqualTo("order.placed"));
        assertThatExceptionOfType(EmitterClosedException.class)
            .isThrownBy(() -> this.emitter.emitAsync("order.placed"))
            .withMessageContaining("'order.placed'");
        assertThat(calls).hasValue(0);
    }

    @Test
    void closeWaitsForEveryAcceptedInvocationIncludingQueuedOnes() throws Exception {
        this.emitter.register(this.slow);
        for (int i = 0; i < 5; i++) {
            this.emitter.emit("report.build", i);
        }
        assertThat(this.slow.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> this.emitter.shutdown(TIMEOUT));
        await().atMost(TIMEOUT).until(this.emitter::isClosed);
        assertThat(closed).as("waiting for the queued invocations").isNotDone();
        assertThatExceptionOfType(EmitterClosedException.class).isThrownBy(() -> this.emitter.emit("report.build", 5));
        this.slow.release.countDown();

        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(this.slow.finished).containsExactly(0, 1, 2, 3, 4);
        assertThat(this.emitter.statistics().pendingAsync()).isZero();
    }

    @Test
    void closeDrainsTheQueueOfAnOrderedListener() throws Exception {
        OrderedSlow ordered = new OrderedSlow();
        try (TrackingExecutor threads = new TrackingExecutor(4)) {
            DefaultEmitter wide = new DefaultEmitter(threads, 0, EmitterInstrumentation.NONE,
                    new AnnotatedListenerScanner());
            wide.register(ordered);
            for (int i = 0; i < 5; i++) {
                wide.emit("ledger.entry", i);
            }
            assertThat(ordered.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> wide.shutdown(TIMEOUT));
            await().atMost(TIMEOUT).until(wide::isClosed);
            ordered.release.countDown();

            assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(ordered.finished).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void unfinishedWorkAtTheTimeoutIsLoggedWithItsCountAndNamesAndIsNeverRunAfterwards() throws Exception {
        this.emitter.register(this.slow);
        this.emitter.emit("report.build", 0);
        assertThat(this.slow.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        this.emitter.emit("report.build", 1);
        this.emitter.emit("report.build", 2);
        CompletableFuture<Void> awaited = this.emitter.emitAsync("report.build", 3);

        boolean drained;
        try (LogCapture log = LogCapture.eventBus().quiet()) {
            drained = this.emitter.shutdown(Duration.ofMillis(100));

            assertThat(log.messagesContaining(Level.WARN, "Event bus shut down")).singleElement()
                .asString()
                .contains("with 4 async listener invocations unfinished after waiting PT0.1S")
                .contains("3 queued, discarded; 1 still running")
                .contains("report.build={Slow#build=4}")
                .contains("eventbus.async.shutdown-timeout");
        }

        assertThat(drained).isFalse();
        assertThat(awaited).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(EmitterClosedException.class)
            .withMessageContaining("'Slow#build'")
            .withMessageContaining("shutdown timeout");
        this.slow.release.countDown();
        this.executor.awaitIdle(TIMEOUT);
        assertThat(this.slow.finished).as("the running one finished; the queued ones never ran").containsExactly(0);
        assertThat(this.emitter.statistics().pendingAsync()).isZero();
    }

    @Test
    void failureOfAnInvocationThatOutlivedTheShutdownTimeoutIsStillReportedAfterItsFutureFailed() throws Exception {
        FailsWhenReleased late = new FailsWhenReleased();
        this.emitter.register(late);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        this.emitter.on("error", (event) -> errors.add(event.arg(0, Throwable.class)));
        CompletableFuture<Void> awaited = this.emitter.emitAsync("report.build");
        assertThat(late.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try (LogCapture log = LogCapture.eventBus().quiet()) {
            assertThat(this.emitter.shutdown(Duration.ZERO)).isFalse();
        }
        assertThat(awaited).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(EmitterClosedException.class);

        // the future has already failed, so the listener's own failure can no longer go there
        late.release.countDown();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(errors).singleElement(InstanceOfAssertFactories.THROWABLE)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("report failed after the shutdown timeout"));
    }

    @Test
    void closingAgainReturnsTheFirstAnswerWithoutWaitingAgain() throws Exception {
        this.emitter.register(this.slow);
        this.emitter.emit("report.build", 0);
        assertThat(this.slow.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try (LogCapture log = LogCapture.eventBus().quiet()) {
            assertThat(this.emitter.shutdown(Duration.ZERO)).isFalse();
            assertThat(this.emitter.shutdown(TIMEOUT)).isFalse();
            this.emitter.close();
            assertThat(log.messagesContaining(Level.WARN, "Event bus shut down")).hasSize(1);
        }
    }

    @Test
    void listenersCanStillBeRemovedAfterCloseAndTheirRemovalIsAnnounced() {
        List<String> removed = new CopyOnWriteArrayList<>();
        this.emitter.on("removeListener", (event) -> removed.add(event.arg(0, String.class)));
        AtomicInteger calls = new AtomicInteger();
        var subscription = this.emitter.on("order.placed", (event) -> calls.incrementAndGet());

        this.emitter.close();
        subscription.close();

        assertThat(removed).containsExactly("order.placed");
        assertThat(this.emitter.listenerCount("order.placed")).isZero();
    }

    @Test
    void asyncWorkHandedOffAfterTheShutdownIsReportedAndNeverRun() {
        RemovalAudit audit = new RemovalAudit();
        this.emitter.register(audit);
        var subscription = this.emitter.on("order.placed", (event) -> {
        });
        this.emitter.close();

        try (LogCapture log = LogCapture.eventBus().quiet()) {
            // removing a listener still announces it, to an async listener the closed bus cannot run any more
            subscription.close();

            assertThat(log.messagesContaining(Level.WARN, "RemovalAudit#removed")).singleElement()
                .asString()
                .contains("'removeListener'")
                .contains("already shut down");
        }
        this.executor.awaitIdle(TIMEOUT);
        assertThat(audit.removed).isEmpty();
        assertThat(this.emitter.statistics().pendingAsync()).isZero();
    }

    @Test
    void emitFromAListenerRunningDuringTheDrainFailsAndIsReportedAsItsFailure() throws Exception {
        FollowUp followUp = new FollowUp(this.emitter);
        this.emitter.register(followUp);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        this.emitter.on("error", (event) -> errors.add(event.arg(0, Throwable.class)));
        this.emitter.emit("order.placed");
        assertThat(followUp.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> this.emitter.shutdown(TIMEOUT));
        await().atMost(TIMEOUT).until(this.emitter::isClosed);
        followUp.release.countDown();

        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).isInstanceOf(EmitterClosedException.class).hasMessageContaining("'mail.send'");
    }

    public static class Slow {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<Integer> finished = new CopyOnWriteArrayList<>();

        @On(value = "report.build", async = true)
        public void build(int id) throws InterruptedException {
            this.entered.countDown();
            if (this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.finished.add(id);
            }
        }

    }

    public static class FailsWhenReleased {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        @On(value = "report.build", async = true)
        public void build() throws InterruptedException {
            this.entered.countDown();
            this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new IllegalStateException("report failed after the shutdown timeout");
        }

    }

    public static class OrderedSlow {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<Integer> finished = new CopyOnWriteArrayList<>();

        @On(value = "ledger.entry", async = true, ordered = true)
        public void record(int id) throws InterruptedException {
            this.entered.countDown();
            if (this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.finished.add(id);
            }
        }

    }

    public static class RemovalAudit {

        final List<String> removed = new CopyOnWriteArrayList<>();

        @On(value = "removeListener", async = true)
        public void removed(String pattern) {
            this.removed.add(pattern);
        }

    }

    public static class FollowUp {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        private final DefaultEmitter emitter;

        FollowUp(DefaultEmitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "order.placed", async = true)
        public void placed() throws InterruptedException {
            this.entered.countDown();
            this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            this.emitter.emit("mail.send");
        }

    }

}
