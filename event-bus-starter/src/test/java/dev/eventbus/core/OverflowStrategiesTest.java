package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.core.DeliveryFixture.RefusingExecutor;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Each overflow policy alone: what the emitting thread does with an invocation the executor refused.
 */
class OverflowStrategiesTest {

    private final DeliveryFixture fixture = new DeliveryFixture();

    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Test
    void eachPolicyHasItsStrategy() {
        RoomSignal room = new RoomSignal();
        assertThat(OverflowStrategy.of(settings(AsyncOverflowPolicy.CALLER_RUNS), room))
            .isInstanceOf(CallerRunsOverflow.class);
        assertThat(OverflowStrategy.of(settings(AsyncOverflowPolicy.BLOCK), room)).isInstanceOf(BlockingOverflow.class);
        assertThat(OverflowStrategy.of(settings(AsyncOverflowPolicy.FAIL), room)).isInstanceOf(FailingOverflow.class);
    }

    @Test
    void callerRunsRunsTheRefusedInvocationOnTheEmittingThread() {
        RefusingExecutor executor = new RefusingExecutor(Integer.MAX_VALUE);
        ExecutorDelivery delivery = this.fixture.executorDelivery(executor, new CallerRunsOverflow());

        delivery.deliver(this.fixture.invocation(listener(delivery), "e", null));

        assertThat(this.threads).containsExactly(Thread.currentThread().getName());
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.CALLER_RUNS);
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void failFailsTheEmitNamingEventListenerAndRefusalAndReleasesTheInvocation() {
        ExecutorDelivery delivery = this.fixture.executorDelivery(new RefusingExecutor(1), new FailingOverflow());
        AsyncOutcome outcome = new AsyncOutcome();
        TrackedInvocation invocation = this.fixture.invocation(listener(delivery), "order.placed", outcome);

        assertThatExceptionOfType(AsyncOverflowException.class).isThrownBy(() -> delivery.deliver(invocation))
            .withMessageContaining("order.placed")
            .withMessageContaining("listener")
            .withMessageContaining("FAIL")
            .withMessageContaining("queue full (test)");
        assertThat(this.threads).isEmpty();
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.FAILED);
        assertThat(this.fixture.inFlight.pending()).isZero();
        assertThat(invocation.isQueued()).as("discarded, so it can never run").isFalse();
        invocation.run();
        assertThat(this.threads).isEmpty();
        assertThat(outcome.completion()).isCompleted();
    }

    @Test
    void blockOffersTheTaskAgainUntilTheExecutorTakesIt() {
        RefusingExecutor executor = new RefusingExecutor(3);
        ExecutorDelivery delivery = this.fixture.executorDelivery(executor,
                new BlockingOverflow(Duration.ofSeconds(10), this.fixture.inFlight.room));

        delivery.deliver(this.fixture.invocation(listener(delivery), "e", null));

        assertThat(executor.ran).hasSize(1);
        assertThat(this.threads).hasSize(1);
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.WAITED);
    }

    @Test
    void blockFailsTheEmitOnceItsTimeoutRunsOut() {
        ExecutorDelivery delivery = this.fixture.executorDelivery(new RefusingExecutor(Integer.MAX_VALUE),
                new BlockingOverflow(Duration.ofMillis(30), this.fixture.inFlight.room));

        assertThatExceptionOfType(AsyncOverflowException.class)
            .isThrownBy(() -> delivery.deliver(this.fixture.invocation(listener(delivery), "e", null)))
            .withMessageContaining("block timeout of PT0.03S");
        assertThat(this.threads).isEmpty();
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.FAILED);
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void blockKeepsTheEmitterWaitingWhileTheExecutorIsFullAndHandsOffOnceThereIsRoom() throws Exception {
        DeliveryFixture.QueueExecutor backlog = new DeliveryFixture.QueueExecutor();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean full = new AtomicBoolean(true);
        ExecutorDelivery delivery = this.fixture.executorDelivery((task) -> {
            attempts.incrementAndGet();
            if (full.get()) {
                throw new RejectedExecutionException("full");
            }
            backlog.execute(task);
        }, new BlockingOverflow(Duration.ofSeconds(10), this.fixture.inFlight.room));
        CompletableFuture<Void> blocked = CompletableFuture
            .runAsync(() -> delivery.deliver(this.fixture.invocation(listener(delivery), "e", null)));

        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3);
        assertThat(blocked).as("still waiting after several refusals").isNotDone();
        full.set(false);
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(backlog.tasks).hasSize(1);
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.WAITED);
    }

    private Registration listener(Delivery delivery) {
        return this.fixture.register("e", (event) -> this.threads.add(Thread.currentThread().getName()), true,
                delivery);
    }

    private static AsyncSettings settings(AsyncOverflowPolicy policy) {
        return new AsyncSettings(policy, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

}
