package dev.eventbus.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
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

    /**
     * The unfinished invocations are a list through the invocations themselves: taking one out of the middle, the
     * newest or the oldest end must leave exactly the others, in order, for the drain to name, count and fail.
     */
    @Test
    void invocationsReleasedFromTheMiddleAndBothEndsLeaveExactlyTheOthersForTheDrain() {
        Registration registration = this.fixture.register("e.*", (event) -> this.runs.incrementAndGet(), true,
                this.delivery);
        List<TrackedInvocation> invocations = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AsyncOutcome outcome = new AsyncOutcome();
            TrackedInvocation invocation = this.fixture.invocation(registration, "e." + i, outcome);
            this.delivery.deliver(invocation);
            invocations.add(invocation);
            futures.add(outcome.completion());
        }
        assertThat(this.inFlight.unfinished()).containsExactlyElementsOf(invocations);

        invocations.get(2).withdraw();
        invocations.get(4).withdraw();
        invocations.get(0).withdraw();

        assertThat(this.inFlight.unfinished()).containsExactly(invocations.get(1), invocations.get(3));
        assertThat(this.inFlight.pending()).isEqualTo(2);
        try (LogCapture log = LogCapture.eventBus()) {
            assertThat(this.inFlight.shutdown(Duration.ZERO)).isFalse();

            assertThat(log.messagesContaining(Level.WARN, "unfinished")).singleElement()
                .satisfies((message) -> assertThat(message).contains("with 2 async listener invocations")
                    .contains("{e.1={listener=1}, e.3={listener=1}}"));
        }
        assertThat(futures.get(1)).failsWithin(Duration.ofSeconds(1));
        assertThat(futures.get(3)).failsWithin(Duration.ofSeconds(1));
        assertThat(futures.get(0)).isCompleted().isNotCompletedExceptionally();
        assertThat(futures.get(2)).isCompleted().isNotCompletedExceptionally();
        assertThat(futures.get(4)).isCompleted().isNotCompletedExceptionally();
        assertThat(this.inFlight.unfinished()).isEmpty();
        assertThat(this.inFlight.pending()).isZero();
        this.executor.runAll();
        assertThat(this.runs).as("withdrawn and discarded invocations never run").hasValue(0);
    }

    @Test
    void releasingAnInvocationTwiceOrOneNeverAcceptedCountsNothing() {
        Registration registration = this.fixture.register("e", (event) -> {
        }, true, this.delivery);
        TrackedInvocation kept = this.fixture.invocation(registration, "e", null);
        TrackedInvocation released = this.fixture.invocation(registration, "e", null);
        this.delivery.deliver(kept);
        this.delivery.deliver(released);

        released.withdraw();
        this.inFlight.released(released);
        this.inFlight.released(this.fixture.invocation(registration, "e", null));

        assertThat(this.inFlight.pending()).isEqualTo(1);
        assertThat(this.inFlight.unfinished()).containsExactly(kept);
    }

    /**
     * Threads accepting and releasing at once, each releasing invocations other threads accepted, in no particular
     * order: the list and its count must end with exactly the invocations that were never released.
     */
    @Test
    void concurrentAcceptsAndReleasesLeaveExactlyTheUnreleasedInvocations() throws Exception {
        ExecutorDelivery dropping = this.fixture.executorDelivery((task) -> {
        }, new FailingOverflow());
        Registration registration = this.fixture.register("e", (event) -> {
        }, true, dropping);
        int threads = 4;
        int perThread = 20_000;
        ConcurrentLinkedQueue<TrackedInvocation> toRelease = new ConcurrentLinkedQueue<>();
        Set<TrackedInvocation> kept = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        TrackedInvocation invocation = this.fixture.invocation(registration, "e", null);
                        dropping.deliver(invocation);
                        if (i % 97 == 0) {
                            kept.add(invocation);
                        }
                        else {
                            toRelease.add(invocation);
                        }
                        // release someone's: often another thread's, sometimes an older one of this thread's
                        TrackedInvocation other = toRelease.poll();
                        if (other != null) {
                            other.withdraw();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        for (TrackedInvocation left = toRelease.poll(); left != null; left = toRelease.poll()) {
            left.withdraw();
        }

        List<TrackedInvocation> unfinished = this.inFlight.unfinished();
        assertThat(new HashSet<>(unfinished)).hasSize(unfinished.size()).isEqualTo(kept);
        assertThat(this.inFlight.pending()).isEqualTo(kept.size());
    }

}
