package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.eventbus.Listener;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import org.jspecify.annotations.Nullable;

/**
 * The parts a delivery works with, put together by hand so that each delivery and overflow strategy can be tested
 * alone: a registry holding the listener under test, the listener-run block, the in-flight accounting, and a failure
 * router whose {@code "error"} emits are recorded.
 */
final class DeliveryFixture {

    final InFlightInvocations inFlight = new InFlightInvocations();

    /** What the router emitted as {@code "error"}: the failures of runs with no caller. */
    final List<Throwable> reported = new CopyOnWriteArrayList<>();

    final RecordingInstruments instruments = new RecordingInstruments();

    final ListenerRunner runner;

    private final ListenerRegistry registry;

    DeliveryFixture() {
        this.registry = new ListenerRegistry(0, (definition) -> Delivery.inline(), (event, info) -> {
        }, (state) -> {
        });
        // someone listens to "error", so that the router emits it rather than logging
        this.registry.add(List.of(ListenerDefinition.of("error", (event) -> {
        })), false);
        FailureRouter failures = new FailureRouter(this.registry::state,
                (state, args) -> this.reported.add((Throwable) args[0]));
        this.runner = new ListenerRunner(true, null, null, failures);
    }

    /** A registration of a listener under {@code pattern}, delivered by {@code delivery}. */
    Registration register(String pattern, Listener listener, boolean async, Delivery delivery) {
        ListenerDefinition definition = new ListenerDefinition("listener", List.of(pattern), 0, async, false, "",
                new ProgrammaticInvoker(listener));
        ListenerRegistry own = new ListenerRegistry(0, (ignored) -> delivery, (event, info) -> {
        }, (state) -> {
        });
        own.add(List.of(definition), false);
        return own.state().registrations[0];
    }

    TrackedInvocation invocation(Registration registration, String event, @Nullable AsyncOutcome outcome) {
        return TrackedInvocation.of(registration, this.instruments, new EmittedEvent(event, event, null, "test-instance"),
                new Object[0], outcome, this.runner);
    }

    ExecutorDelivery executorDelivery(Executor executor, OverflowStrategy overflow) {
        return new ExecutorDelivery(executor, overflow, this.inFlight, this.runner);
    }

    OrderedLaneDelivery laneDelivery(Executor executor, OverflowStrategy overflow) {
        return new OrderedLaneDelivery(executor, overflow, this.inFlight, this.runner, Duration.ofSeconds(5));
    }

    /** An executor that queues its tasks until the test runs them. */
    static final class QueueExecutor implements Executor {

        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            this.tasks.add(task);
        }

        void runAll() {
            for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
                task.run();
            }
        }

    }

    /** An executor that refuses its first {@code refusals} tasks, then runs the others at once. */
    static final class RefusingExecutor implements Executor {

        private int refusals;

        final List<Runnable> ran = new ArrayList<>();

        RefusingExecutor(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (this.refusals > 0) {
                this.refusals--;
                throw new RejectedExecutionException("queue full (test)");
            }
            this.ran.add(task);
            task.run();
        }

    }

    static final class RecordingInstruments implements ListenerInstruments {

        final List<OverflowAction> rejected = new CopyOnWriteArrayList<>();

        final List<String> recorded = new CopyOnWriteArrayList<>();

        @Override
        public void succeeded(long nanos) {
            this.recorded.add("succeeded");
        }

        @Override
        public void failed(long nanos, Throwable error) {
            this.recorded.add("failed " + error.getClass().getSimpleName());
        }

        @Override
        public void waited(long nanos) {
        }

        @Override
        public void rejected(OverflowAction action) {
            this.rejected.add(action);
        }

        @Override
        public void abandoned() {
            this.recorded.add("abandoned");
        }

    }

}
