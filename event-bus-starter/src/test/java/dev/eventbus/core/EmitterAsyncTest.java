package dev.eventbus.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Async listeners, returned {@code CompletionStage}s and {@code emitAsync}.
 */
class EmitterAsyncTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TrackingExecutor executor = new TrackingExecutor(2);

    private final Emitter emitter = Emitter.builder().executor(this.executor).build();

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void asyncListenerRunsOnTheConfiguredExecutorNotOnTheCallingThread() throws Exception {
        ThreadRecorder recorder = new ThreadRecorder();
        this.emitter.register(recorder);

        this.emitter.emit("job.run");

        assertThat(recorder.thread.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .startsWith(NamedExecutors.ASYNC_PREFIX)
            .isNotEqualTo(Thread.currentThread().getName());
        this.executor.awaitIdle(TIMEOUT);
        assertThat(this.executor.executed()).isEqualTo(1);
    }

    @Test
    void syncListenerRunsOnTheCallingThread() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        this.emitter.on("e", (event) -> thread.set(Thread.currentThread()));

        this.emitter.emit("e");

        assertThat(thread.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void emitReturnsWhileAnAsyncListenerIsStillRunning() throws Exception {
        BlockingJob job = new BlockingJob();
        this.emitter.register(job);
        AtomicBoolean syncAfterRan = new AtomicBoolean();
        this.emitter.on("job.run", (event) -> syncAfterRan.set(true));

        try {
            assertThat(this.emitter.emit("job.run")).isTrue();
            assertThat(syncAfterRan).isTrue();
            assertThat(job.started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(job.finished).isFalse();
        }
        finally {
            job.release.countDown();
        }
        await().atMost(TIMEOUT).untilTrue(job.finished);
    }

    @Test
    void asyncListenerIsHandedOffAtItsTurnSoAnEarlierSyncFailureSkipsIt() {
        IllegalStateException failure = new IllegalStateException("sync broke");
        this.emitter.on("job.run", (event) -> {
            throw failure;
        });
        ThreadRecorder recorder = new ThreadRecorder();
        this.emitter.register(recorder);

        assertThat(catchThrowable(() -> this.emitter.emit("job.run"))).isSameAs(failure);

        this.executor.awaitIdle(TIMEOUT);
        assertThat(this.executor.executed()).isZero();
        assertThat(recorder.thread).isNotDone();
    }

    @Test
    void asyncListenerBeforeAFailingSyncListenerIsStillHandedOff() throws Exception {
        ThreadRecorder recorder = new ThreadRecorder();
        this.emitter.register(recorder);
        IllegalStateException failure = new IllegalStateException("sync broke");
        this.emitter.on("job.run", (event) -> {
            throw failure;
        });

        assertThat(catchThrowable(() -> this.emitter.emit("job.run"))).isSameAs(failure);

        assertThat(recorder.thread.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).startsWith(NamedExecutors.ASYNC_PREFIX);
    }

    @Test
    void asyncListenerConditionIsEvaluatedOnTheEmittingThread() {
        ConditionedAsync listener = new ConditionedAsync();
        this.emitter.register(listener);
        Probe probe = new Probe();

        this.emitter.emit("job.run", probe);

        this.executor.awaitIdle(TIMEOUT);
        assertThat(probe.evaluatedOn.get()).isSameAs(Thread.currentThread());
        assertThat(listener.ranOn.get()).startsWith(NamedExecutors.ASYNC_PREFIX);
    }

    @Test
    void asyncListenerWhoseConditionIsFalseIsNotHandedToTheExecutor() {
        ConditionedAsync listener = new ConditionedAsync();
        this.emitter.register(listener);
        Probe probe = new Probe();
        probe.answer = false;

        assertThat(this.emitter.emit("job.run", probe)).isTrue();

        this.executor.awaitIdle(TIMEOUT);
        assertThat(listener.ranOn.get()).isNull();
        assertThat(this.executor.executed()).isZero();
    }

    @Test
    void emitAsyncCompletesOnlyAfterSyncAsyncAndCompletionStageListenersFinished() throws Exception {
        AtomicBoolean syncRan = new AtomicBoolean();
        this.emitter.on("report.build", (event) -> syncRan.set(true));
        BlockingReport asyncReport = new BlockingReport();
        this.emitter.register(asyncReport);
        StageReport stageReport = new StageReport(new CompletableFuture<>());
        this.emitter.register(stageReport);

        CompletableFuture<Void> done = this.emitter.emitAsync("report.build");

        try {
            assertThat(syncRan).isTrue();
            assertThat(asyncReport.started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(done).isNotDone();
        }
        finally {
            asyncReport.release.countDown();
        }
        await().atMost(TIMEOUT).untilTrue(asyncReport.finished);
        this.executor.awaitIdle(TIMEOUT);
        assertThat(done).isNotDone();

        stageReport.stage.complete("ok");

        assertThat(done).succeedsWithin(TIMEOUT);
    }

    @Test
    void emitAsyncWithOnlySyncListenersCompletesNormally() {
        AtomicBoolean ran = new AtomicBoolean();
        this.emitter.on("e", (event) -> ran.set(true));

        CompletableFuture<Void> done = this.emitAsync("e");

        assertThat(done).succeedsWithin(TIMEOUT);
        assertThat(ran).isTrue();
    }

    @Test
    void emitAsyncWithNoListenerCompletesNormally() {
        assertThat(this.emitAsync("nobody.listens")).succeedsWithin(TIMEOUT);
    }

    @Test
    void emitAsyncNeverThrowsForASyncListenerFailureAndCompletesExceptionallyWithIt() {
        IllegalStateException failure = new IllegalStateException("sync broke");
        this.emitter.on("e", (event) -> {
            throw failure;
        });

        CompletableFuture<Void> done = this.emitAsync("e");

        assertThat(done).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(failure);
    }

    @Test
    void emitAsyncCompletesExceptionallyWithAnAsyncListenerFailure() {
        IllegalStateException failure = new IllegalStateException("async broke");
        this.emitter.register(new FailingAsync(failure));
        this.emitter.on("error", (event) -> {
        });

        CompletableFuture<Void> done = this.emitAsync("job.run");

        assertThat(done).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(failure);
    }

    @Test
    void emitAsyncCompletesExceptionallyWithTheFirstFailureAndAddsLaterOnesAsSuppressed() {
        CompletableFuture<Object> firstStage = new CompletableFuture<>();
        CompletableFuture<Object> secondStage = new CompletableFuture<>();
        CompletableFuture<Object> thirdStage = new CompletableFuture<>();
        this.emitter.register(new StageReport(firstStage));
        this.emitter.register(new StageReport(secondStage));
        this.emitter.register(new StageReport(thirdStage));
        this.emitter.on("error", (event) -> {
        });
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");

        CompletableFuture<Void> done = this.emitAsync("report.build");
        firstStage.completeExceptionally(first);
        assertThat(done).isNotDone();
        secondStage.completeExceptionally(second);
        assertThat(done).isNotDone();
        thirdStage.complete("ok");

        assertThat(done).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(first);
        assertThat(first.getSuppressed()).containsExactly(second);
    }

    @Test
    void completionStageReturnedByAnAsyncListenerIsAwaitedByEmitAsync() {
        AsyncStageReport report = new AsyncStageReport();
        this.emitter.register(report);

        CompletableFuture<Void> done = this.emitAsync("report.build");

        await().atMost(TIMEOUT).until(() -> report.returned.get() != null);
        this.executor.awaitIdle(TIMEOUT);
        assertThat(done).isNotDone();
        report.stage.complete("ok");
        assertThat(done).succeedsWithin(TIMEOUT);
    }

    private CompletableFuture<Void> emitAsync(String event) {
        AtomicReference<CompletableFuture<Void>> done = new AtomicReference<>();
        assertThatNoException().isThrownBy(() -> done.set(this.emitter.emitAsync(event)));
        return done.get();
    }

    public static class ThreadRecorder {

        final CompletableFuture<String> thread = new CompletableFuture<>();

        @On(value = "job.run", async = true)
        public void run() {
            this.thread.complete(Thread.currentThread().getName());
        }

    }

    public static class BlockingJob {

        final CountDownLatch started = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final AtomicBoolean finished = new AtomicBoolean();

        @On(value = "job.run", async = true)
        public void run() throws InterruptedException {
            this.started.countDown();
            if (this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.finished.set(true);
            }
        }

    }

    public static class BlockingReport {

        final CountDownLatch started = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final AtomicBoolean finished = new AtomicBoolean();

        @On(value = "report.build", async = true)
        public void build() throws InterruptedException {
            this.started.countDown();
            if (this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.finished.set(true);
            }
        }

    }

    public static class StageReport {

        final CompletableFuture<Object> stage;

        StageReport(CompletableFuture<Object> stage) {
            this.stage = stage;
        }

        @On("report.build")
        public CompletableFuture<Object> build() {
            return this.stage;
        }

    }

    public static class AsyncStageReport {

        final CompletableFuture<Object> stage = new CompletableFuture<>();

        final AtomicReference<Object> returned = new AtomicReference<>();

        @On(value = "report.build", async = true)
        public CompletableFuture<Object> build() {
            this.returned.set(this.stage);
            return this.stage;
        }

    }

    public static class FailingAsync {

        private final RuntimeException failure;

        FailingAsync(RuntimeException failure) {
            this.failure = failure;
        }

        @On(value = "job.run", async = true)
        public void run() {
            throw this.failure;
        }

    }

    public static class Probe {

        final AtomicReference<Thread> evaluatedOn = new AtomicReference<>();

        volatile boolean answer = true;

        public boolean check() {
            this.evaluatedOn.set(Thread.currentThread());
            return this.answer;
        }

    }

    public static class ConditionedAsync {

        final AtomicReference<String> ranOn = new AtomicReference<>();

        @On(value = "job.run", async = true, condition = "#probe.check()")
        public void run(Probe probe) {
            this.ranOn.set(Thread.currentThread().getName());
        }

    }

}
