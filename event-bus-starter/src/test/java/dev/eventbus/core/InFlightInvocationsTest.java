package dev.eventbus.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.EmitterClosedException;
import dev.eventbus.core.DeliveryFixture.QueueExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accounting of handed-off invocations and the drain at close, on invocations handed to an executor that runs
 * them only when the test says so.
 */
class InFlightInvocationsTest {

    private final DeliveryFixture fixture = new DeliveryFixture();

    private final InFlightInvocations inFlight = this.fixture.inFlight;

    private final QueueExecutor executor = new QueueExecutor();

    private final ExecutorDelivery delivery = this.fixture.executorDelivery(this.executor, new FailingOverflow());

    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void shutdownWaitsForAcceptedInvocationsToFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Registration registration = this.fixture.register("e", (event) -> {
            release.await();
            this.runs.incrementAndGet();
        }, true, this.delivery);
        this.delivery.deliver(this.fixture.invocation(registration, "e", null));
        assertThat(this.inFlight.pending()).isEqualTo(1);
        Thread worker = new Thread(this.executor::runAll);
        worker.start();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> this.inFlight.shutdown(
                Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(5)).until(this.inFlight::isClosed);
        assertThat(drained).as("waits for the running invocation").isNotDone();
        release.countDown();

        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(this.runs).hasValue(1);
        assertThat(this.inFlight.pending()).isZero();
        worker.join();
    }

    @Test
    void shutdownPastItsTimeoutDiscardsWhatIsQueuedAndFailsItsFuture() {
        Registration registration = this.fixture.register("e", (event) -> this.runs.incrementAndGet(), true,
                this.delivery);
        AsyncOutcome outcome = new AsyncOutcome();
        this.delivery.deliver(this.fixture.invocation(registration, "order.placed", outcome));
        CompletableFuture<Void> future = outcome.completion();

        assertThat(this.inFlight.shutdown(Duration.ofMillis(20))).isFalse();

        assertThat(future).failsWithin(Duration.ofSeconds(1))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(EmitterClosedException.class)
            .withMessageContaining("order.placed")
            .withMessageContaining("listener");
        assertThat(this.fixture.instruments.recorded).containsExactly("abandoned");
        assertThat(this.inFlight.pending()).isZero();
        this.executor.runAll();
        assertThat(this.runs).as("a discarded invocation never runs").hasValue(0);
    }

    @Test
    void secondShutdownReturnsTheFirstOnesAnswer() {
        Registration registration = this.fixture.register("e", (event) -> {
        }, true, this.delivery);
        this.delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(this.inFlight.shutdown(Duration.ZERO)).isFalse();
        assertThat(this.inFlight.shutdown(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void invocationHandedOffAfterTheShutdownEndedIsReportedAndNeverRun() {
        Registration registration = this.fixture.register("e", (event) -> this.runs.incrementAndGet(), true,
                this.delivery);
        assertThat(this.inFlight.shutdown(Duration.ZERO)).isTrue();
        AsyncOutcome outcome = new AsyncOutcome();

        this.delivery.deliver(this.fixture.invocation(registration, "e", outcome));

        assertThat(this.executor.tasks).as("not handed to the executor").isEmpty();
        assertThat(outcome.completion()).isCompletedExceptionally();
        assertThat(this.inFlight.pending()).isZero();
        assertThat(this.runs).hasValue(0);
    }

}
