package dev.eventbus.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.EmitterClosedException;
import dev.eventbus.core.DeliveryFixture.QueueExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;

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

    /**
     * The drain race: the shutdown has seen nothing pending and not yet published its answer when an emit already
     * under way hands off one more invocation. The test holds the shutdown exactly there (on the lock it publishes its
     * answer under) and hands off then: the invocation must be reported at once, not handed to an executor that is
     * about to stop and would drop it silently.
     */
    @Test
    void invocationHandedOffAfterTheDrainSawNothingPendingIsReportedNotLetThrough() throws Exception {
        Registration registration = this.fixture.register("e", (event) -> this.runs.incrementAndGet(), true,
                this.delivery);
        this.delivery.deliver(this.fixture.invocation(registration, "first", null));
        AtomicBoolean answer = new AtomicBoolean();
        Thread closing = new Thread(() -> answer.set(this.inFlight.shutdown(Duration.ofSeconds(10))), "closing");
        Object closeLock = ReflectionTestUtils.getField(this.inFlight, "closeLock");

        closing.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> closing.getState() == Thread.State.TIMED_WAITING);

        synchronized (closeLock) {
            this.executor.runAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> isBlockedOn(closing, closeLock));

            this.delivery.deliver(this.fixture.invocation(registration, "late", null));

            assertThat(this.fixture.instruments.recorded).as("the first run, then the late one reported at once")
                .containsExactly("succeeded", "abandoned");
        }
        closing.join(10_000);
        assertThat(answer).as("everything accepted before the drain ended has finished").isTrue();
        this.executor.runAll();
        assertThat(this.runs).as("the late invocation never runs").hasValue(1);
        assertThat(this.inFlight.pending()).isZero();
    }

    private static boolean isBlockedOn(Thread thread, Object monitor) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
        return info != null && info.getThreadState() == Thread.State.BLOCKED
                && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor);
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
