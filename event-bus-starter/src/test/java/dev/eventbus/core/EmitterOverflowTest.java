package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What an emit does when the executor refuses an async listener's invocation: the three overflow policies, with a
 * real bounded {@link ThreadPoolExecutor} (one thread, a queue of one) whose thread and queue a blocked listener
 * fills.
 */
class EmitterOverflowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1), (runnable) -> {
                Thread thread = new Thread(runnable, NamedExecutors.ASYNC_PREFIX + "bounded");
                thread.setDaemon(true);
                return thread;
            });

    private final Gate gate = new Gate();

    @AfterEach
    void release() {
        this.gate.open.countDown();
        this.pool.shutdownNow();
    }

    @Test
    void callerRunsIsTheDefaultPolicy() {
        assertThat(AsyncSettings.DEFAULTS.overflow()).isEqualTo(AsyncOverflowPolicy.CALLER_RUNS);
    }

    @Test
    void refusedInvocationRunsOnTheEmittingThreadAtItsTurnUnderCallerRuns() {
        Emitter emitter = Emitter.builder().executor((task) -> {
            throw new RejectedExecutionException("always full");
        }).build();
        List<String> calls = new CopyOnWriteArrayList<>();
        emitter.on("job", (event) -> calls.add("sync before"));
        emitter.register(new ThreadRecorder(calls));
        emitter.on("job", (event) -> calls.add("sync after"));

        assertThat(emitter.emit("job")).isTrue();

        assertThat(calls).containsExactly("sync before", "async on " + Thread.currentThread().getName(),
                "sync after");
    }

    @Test
    void failureOfAListenerRunOnTheCallerIsReportedLikeAnAsyncFailureNotThrown() {
        Emitter emitter = Emitter.builder().executor((task) -> {
            throw new RejectedExecutionException("always full");
        }).build();
        IllegalStateException failure = new IllegalStateException("async broke");
        emitter.register(new FailingAsync(failure));
        List<Object> reported = new CopyOnWriteArrayList<>();
        emitter.on("error", (event) -> reported.addAll(event.args()));

        assertThat(catchThrowable(() -> emitter.emit("job", 1))).isNull();

        assertThat(reported).containsExactly(failure, new ListenerFailure("job", "FailingAsync#run", List.of(1)));
    }

    @Test
    void callerRunsSlowsTheProducerWithoutDroppingAnything() {
        DefaultEmitter emitter = emitter(AsyncOverflowPolicy.CALLER_RUNS, TIMEOUT);
        Counting counting = new Counting(this.gate);
        emitter.register(counting);
        fillThreadAndQueue(emitter);

        for (int i = 0; i < 200; i++) {
            emitter.emit("job");
        }

        assertThat(counting.callerRuns).as("runs on the emitting thread while the pool is full").hasValue(200);
        this.gate.open.countDown();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counting.runs).hasValue(202));
        await().atMost(TIMEOUT).until(() -> emitter.statistics().pendingAsync() == 0);
    }

    @Test
    void blockWaitsForRoomThenHandsTheInvocationToTheExecutor() throws Exception {
        DefaultEmitter emitter = emitter(AsyncOverflowPolicy.BLOCK, TIMEOUT);
        Counting counting = new Counting(this.gate);
        emitter.register(counting);
        fillThreadAndQueue(emitter);

        CompletableFuture<Boolean> third = new CompletableFuture<>();
        Thread producer = new Thread(() -> third.complete(emitter.emit("job")), "producer");
        producer.start();
        await().atMost(TIMEOUT).until(() -> producer.getState() == Thread.State.TIMED_WAITING);
        assertThat(third).as("blocked while the queue is full").isNotDone();

        this.gate.open.countDown();

        assertThat(third.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counting.runs).hasValue(3));
        assertThat(counting.callerRuns).as("nothing ran on an emitting thread").hasValue(0);
    }

    @Test
    void blockFailsTheEmitWhenNoRoomIsMadeWithinTheBlockTimeout() {
        DefaultEmitter emitter = emitter(AsyncOverflowPolicy.BLOCK, Duration.ofMillis(100));
        Counting counting = new Counting(this.gate);
        emitter.register(counting);
        fillThreadAndQueue(emitter);

        Throwable thrown = catchThrowable(() -> emitter.emit("job"));

        assertThat(thrown).isInstanceOf(AsyncOverflowException.class)
            .hasMessageContaining("'Counting#run'")
            .hasMessageContaining("'job'")
            .hasMessageContaining("block timeout of PT0.1S")
            .hasCauseInstanceOf(RejectedExecutionException.class);
        this.gate.open.countDown();
        await().atMost(TIMEOUT).until(() -> emitter.statistics().pendingAsync() == 0);
        assertThat(counting.runs).as("the refused invocation never ran").hasValue(2);
    }

    @Test
    void failPolicyFailsTheEmitNamingEventListenerAndTheExecutorsRefusal() {
        DefaultEmitter emitter = emitter(AsyncOverflowPolicy.FAIL, TIMEOUT);
        List<String> calls = new CopyOnWriteArrayList<>();
        emitter.on("job", (event) -> calls.add("sync before"));
        Counting counting = new Counting(this.gate);
        emitter.register(counting);
        emitter.on("job", (event) -> calls.add("sync after"));
        fillThreadAndQueue(emitter);
        calls.clear();

        Throwable thrown = catchThrowable(() -> emitter.emit("job"));

        assertThat(thrown).isInstanceOfSatisfying(AsyncOverflowException.class, (overflow) -> {
            assertThat(overflow.getEvent()).isEqualTo("job");
            assertThat(overflow.getListenerId()).isEqualTo("Counting#run");
        });
        assertThat(thrown).hasMessageContaining("overflow policy is FAIL")
            .hasMessageContaining("queued tasks = 1")
            .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(calls).as("a failed hand-off ends the emit like a sync failure").containsExactly("sync before");
        assertThat(emitter.statistics().pendingAsync()).as("only the two accepted invocations").isEqualTo(2);
        this.gate.open.countDown();
        await().atMost(TIMEOUT).until(() -> emitter.statistics().pendingAsync() == 0);
        assertThat(counting.runs).hasValue(2);
    }

    @Test
    void failPolicyFailsTheEmitAsyncFutureInsteadOfThrowing() {
        DefaultEmitter emitter = emitter(AsyncOverflowPolicy.FAIL, TIMEOUT);
        emitter.register(new Counting(this.gate));
        fillThreadAndQueue(emitter);

        CompletableFuture<Void> done = emitter.emitAsync("job");

        assertThat(done).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(AsyncOverflowException.class);
    }

    @Test
    void rejectionFromAnExecutorOfTheUsersOwnIsHandledByThePolicy() {
        DefaultEmitter emitter = new DefaultEmitter((task) -> {
            throw new RejectedExecutionException("custom executor says no");
        }, 0, EmitterInstrumentation.NONE, new AnnotatedListenerScanner(), null,
                new AsyncSettings(AsyncOverflowPolicy.FAIL, TIMEOUT, TIMEOUT));
        emitter.register(new Counting(this.gate));

        assertThat(catchThrowable(() -> emitter.emit("job"))).isInstanceOf(AsyncOverflowException.class)
            .hasMessageContaining("custom executor says no");
        assertThat(emitter.statistics().pendingAsync()).isZero();
    }

    private DefaultEmitter emitter(AsyncOverflowPolicy policy, Duration blockTimeout) {
        return new DefaultEmitter(this.pool, 0, EmitterInstrumentation.NONE, new AnnotatedListenerScanner(), null,
                new AsyncSettings(policy, blockTimeout, TIMEOUT));
    }

    /** The first invocation holds the only thread until the gate opens; the second fills the queue. */
    private void fillThreadAndQueue(Emitter emitter) {
        emitter.emit("job");
        try {
            assertThat(this.gate.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
        emitter.emit("job");
        assertThat(this.pool.getQueue()).hasSize(1);
    }

    static final class Gate {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch open = new CountDownLatch(1);

        void pass() throws InterruptedException {
            this.entered.countDown();
            this.open.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

    }

    public static class Counting {

        final AtomicInteger runs = new AtomicInteger();

        final AtomicInteger callerRuns = new AtomicInteger();

        private final Gate gate;

        Counting(Gate gate) {
            this.gate = gate;
        }

        @On(value = "job", async = true)
        public void run() throws InterruptedException {
            if (Thread.currentThread().getName().startsWith(NamedExecutors.ASYNC_PREFIX)) {
                this.gate.pass();
            }
            else {
                this.callerRuns.incrementAndGet();
            }
            this.runs.incrementAndGet();
        }

    }

    public static class ThreadRecorder {

        private final List<String> calls;

        ThreadRecorder(List<String> calls) {
            this.calls = calls;
        }

        @On(value = "job", async = true)
        public void run() {
            this.calls.add("async on " + Thread.currentThread().getName());
        }

    }

    public static class FailingAsync {

        private final RuntimeException failure;

        FailingAsync(RuntimeException failure) {
            this.failure = failure;
        }

        @On(value = "job", async = true)
        public void run(int attempt) {
            throw this.failure;
        }

    }

}
