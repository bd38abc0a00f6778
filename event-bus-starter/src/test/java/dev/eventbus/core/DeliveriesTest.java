package dev.eventbus.core;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.ListenerInvocationException;
import dev.eventbus.core.DeliveryFixture.QueueExecutor;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each standard delivery alone, on hand-made parts: what it does with an invocation, on which thread, and what
 * becomes of a failure.
 */
class DeliveriesTest {

    private final DeliveryFixture fixture = new DeliveryFixture();

    @Test
    void inlineDeliveryRunsOnTheCallingThreadAndThrowsTheFailureWrappedWhenChecked() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Registration ok = this.fixture.register("e", (event) -> threads.add(Thread.currentThread().getName()), false,
                Delivery.inline());
        Registration failing = this.fixture.register("e", (event) -> {
            throw new IOException("disk full");
        }, false, Delivery.inline());

        assertThatNoException().isThrownBy(() -> Delivery.inline().deliver(this.fixture.invocation(ok, "e", null)));
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThatExceptionOfType(ListenerInvocationException.class)
            .isThrownBy(() -> Delivery.inline().deliver(this.fixture.invocation(failing, "e", null)))
            .withCauseInstanceOf(IOException.class)
            .withMessageContaining("listener");
        assertThat(this.fixture.reported).as("a failure with a caller is not reported").isEmpty();
    }

    @Test
    void anInvocationRunsAtMostOnce() throws Throwable {
        AtomicInteger runs = new AtomicInteger();
        Registration registration = this.fixture.register("e", (event) -> runs.incrementAndGet(), false,
                Delivery.inline());
        TrackedInvocation invocation = this.fixture.invocation(registration, "e", null);

        invocation.call();
        invocation.call();
        invocation.run();

        assertThat(runs).hasValue(1);
    }

    @Test
    void executorDeliveryHandsEachInvocationToTheExecutorAndAccountsForIt() {
        QueueExecutor executor = new QueueExecutor();
        ExecutorDelivery delivery = this.fixture.executorDelivery(executor, new FailingOverflow());
        List<String> seen = new CopyOnWriteArrayList<>();
        Registration registration = this.fixture.register("e", (event) -> seen.add(event.name()), true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));
        delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(seen).as("nothing runs on the emitting thread").isEmpty();
        assertThat(executor.tasks).hasSize(2);
        assertThat(this.fixture.inFlight.pending()).isEqualTo(2);
        executor.runAll();
        assertThat(seen).containsExactly("e", "e");
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void executorDeliveryReportsAFailureWithNoCallerInsteadOfThrowing() {
        QueueExecutor executor = new QueueExecutor();
        ExecutorDelivery delivery = this.fixture.executorDelivery(executor, new FailingOverflow());
        IllegalStateException boom = new IllegalStateException("boom");
        Registration registration = this.fixture.register("e", (event) -> {
            throw boom;
        }, true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));
        executor.runAll();

        assertThat(this.fixture.reported).containsExactly(boom);
        assertThat(this.fixture.instruments.recorded).containsExactly("failed IllegalStateException");
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void executorThatFailsOtherwiseThanByRefusingIsTheListenersFailureAndTheEmitGoesOn() {
        IllegalStateException broken = new IllegalStateException("executor broken");
        ExecutorDelivery delivery = this.fixture.executorDelivery((task) -> {
            throw broken;
        }, new FailingOverflow());
        Registration registration = this.fixture.register("e", (event) -> {
        }, true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(this.fixture.reported).containsExactly(broken);
        assertThat(this.fixture.instruments.recorded).containsExactly("failed IllegalStateException");
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void anErrorFromTheExecutorIsTheListenersFailureTooAndLeavesNothingPending() {
        OutOfMemoryError error = new OutOfMemoryError("unable to create native thread");
        ExecutorDelivery delivery = this.fixture.executorDelivery((task) -> {
            throw error;
        }, new FailingOverflow());
        Registration registration = this.fixture.register("e", (event) -> {
        }, true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(this.fixture.reported).containsExactly(error);
        assertThat(this.fixture.instruments.recorded).containsExactly("failed OutOfMemoryError");
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void orderedLaneRunsItsInvocationsOneAtATimeInEmitOrderOnAConcurrentExecutor() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OrderedLaneDelivery delivery = this.fixture.laneDelivery(pool, new FailingOverflow());
            List<Object> seen = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(200);
            Registration registration = this.fixture.register("e", (event) -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                seen.add(event.arg(0));
                running.decrementAndGet();
                done.countDown();
            }, true, delivery);

            for (int i = 0; i < 200; i++) {
                delivery.deliver(TrackedInvocation.of(registration, this.fixture.instruments,
                        new EmittedEvent("e", i, null, "test-instance"), new Object[0], null, this.fixture.runner));
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            assertThat(seen).hasSize(200).isSortedAccordingTo((a, b) -> Integer.compare((int) a, (int) b));
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void orderedLaneRunsWhatIsQueuedOnTheCallingThreadWhenTheExecutorStopsTakingSteps() {
        DeliveryFixture.RefusingExecutor executor = new DeliveryFixture.RefusingExecutor(Integer.MAX_VALUE);
        OrderedLaneDelivery delivery = this.fixture.laneDelivery(executor, new CallerRunsOverflow());
        List<String> threads = new CopyOnWriteArrayList<>();
        Registration registration = this.fixture.register("e",
                (event) -> threads.add(Thread.currentThread().getName()), true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.CALLER_RUNS);
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void orderedLaneGoesOnOnTheFinishingThreadWhenTheExecutorFailsOtherwiseThanByRefusing() {
        AtomicBoolean failing = new AtomicBoolean();
        Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        Executor executor = (task) -> {
            if (failing.get()) {
                throw new OutOfMemoryError("unable to create native thread");
            }
            tasks.add(task);
        };
        OrderedLaneDelivery delivery = this.fixture.laneDelivery(executor, new CallerRunsOverflow());
        List<String> calls = new CopyOnWriteArrayList<>();
        Registration registration = this.fixture.register("e", (event) -> calls.add((String) event.arg(0)), true,
                delivery);
        TrackedInvocation first = TrackedInvocation.of(registration, this.fixture.instruments,
                new EmittedEvent("e", "first", null, "test-instance"), new Object[0], null, this.fixture.runner);
        TrackedInvocation second = TrackedInvocation.of(registration, this.fixture.instruments,
                new EmittedEvent("e", "second", null, "test-instance"), new Object[0], null, this.fixture.runner);
        delivery.deliver(first);
        delivery.deliver(second);
        failing.set(true);

        // the first step runs the first invocation; handing the next step to the failing executor must not strand
        // the second one, nor throw on this thread
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }

        assertThat(calls).containsExactly("first", "second");
        assertThat(this.fixture.inFlight.pending()).isZero();
    }

    @Test
    void engineDeliveriesRefuseAnInvocationTheEngineDidNotCreate() {
        ExecutorDelivery delivery = this.fixture.executorDelivery(Runnable::run, new FailingOverflow());
        Invocation foreign = new Invocation() {

            @Override
            public dev.eventbus.Event event() {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.eventbus.ListenerInfo listener() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void run() {
            }

            @Override
            public void call() {
            }

            @Override
            public void withdraw() {
            }
        };

        assertThatIllegalArgumentException().isThrownBy(() -> delivery.deliver(foreign))
            .withMessageContaining(foreign.getClass().getName());
    }

    @Test
    void refusedHandOffOfAnExecutorDeliveryRunsOnTheCallerUnderCallerRuns() {
        DeliveryFixture.RefusingExecutor executor = new DeliveryFixture.RefusingExecutor(1);
        ExecutorDelivery delivery = this.fixture.executorDelivery(executor, new CallerRunsOverflow());
        List<String> threads = new CopyOnWriteArrayList<>();
        Registration registration = this.fixture.register("e",
                (event) -> threads.add(Thread.currentThread().getName()), true, delivery);

        delivery.deliver(this.fixture.invocation(registration, "e", null));

        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(executor.ran).isEmpty();
        assertThat(this.fixture.instruments.rejected).containsExactly(OverflowAction.CALLER_RUNS);
    }

}
