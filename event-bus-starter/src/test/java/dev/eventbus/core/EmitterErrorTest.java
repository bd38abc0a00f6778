package dev.eventbus.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.On;
import dev.eventbus.UnhandledErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What happens when a listener fails, and the special {@code "error"} event.
 */
class EmitterErrorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TrackingExecutor executor = new TrackingExecutor(2);

    private final Emitter emitter = Emitter.builder().executor(this.executor).build();

    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void syncUncheckedExceptionPropagatesAsTheSameInstanceAndStopsTheEmit() {
        IllegalStateException failure = new IllegalStateException("boom");
        this.emitter.on("e", (event) -> this.calls.add("before"));
        this.emitter.on("e", (event) -> {
            throw failure;
        });
        this.emitter.on("e", (event) -> this.calls.add("after"));

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e"));

        assertThat(thrown).isSameAs(failure);
        assertThat(this.calls).containsExactly("before");
    }

    @Test
    void syncErrorPropagatesAsTheSameInstanceAndStopsTheEmit() {
        BoomError failure = new BoomError();
        this.emitter.on("e", (event) -> {
            throw failure;
        });
        this.emitter.on("e", (event) -> this.calls.add("after"));

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e"));

        assertThat(thrown).isSameAs(failure);
        assertThat(this.calls).isEmpty();
    }

    @Test
    void syncCheckedExceptionIsWrappedNamingTheEventAndTheListenerAndStopsTheEmit() {
        IOException failure = new IOException("disk full");
        this.emitter.on("file.saved", (event) -> {
            throw failure;
        });
        this.emitter.on("file.saved", (event) -> this.calls.add("after"));
        String listenerId = this.emitter.listeners("file.saved").get(0).id();

        Throwable thrown = catchThrowable(() -> this.emitter.emit("file.saved"));

        assertThat(thrown).isInstanceOf(ListenerInvocationException.class)
            .hasCause(failure)
            .hasMessageContaining("file.saved")
            .hasMessageContaining(listenerId);
        assertThat(thrown.getCause()).isSameAs(failure);
        assertThat(((ListenerInvocationException) thrown).getEvent()).isEqualTo("file.saved");
        assertThat(((ListenerInvocationException) thrown).getListenerId()).isEqualTo(listenerId);
        assertThat(this.calls).isEmpty();
    }

    @Test
    void checkedExceptionFromAnnotatedMethodIsWrappedNamingItsId() {
        IOException failure = new IOException("disk full");
        this.emitter.register(new CheckedThrower(failure));

        Throwable thrown = catchThrowable(() -> this.emitter.emit("file.saved", "a.txt"));

        assertThat(thrown).isInstanceOf(ListenerInvocationException.class)
            .hasMessageContaining("file.saved")
            .hasMessageContaining("CheckedThrower#save");
        assertThat(thrown.getCause()).isSameAs(failure);
    }

    @Test
    void asyncListenerFailureIsEmittedAsErrorWithTheFailureAndWhereItHappened() throws Exception {
        IllegalStateException failure = new IllegalStateException("job broke");
        this.emitter.register(new FailingJob(failure));
        CompletableFuture<Event> errorEvent = new CompletableFuture<>();
        this.emitter.on("error", errorEvent::complete);

        assertThat(this.emitter.emit("job.run", 7, "x", null)).isTrue();

        Event error = errorEvent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error.name()).isEqualTo("error");
        assertThat(error.args()).hasSize(2);
        assertThat(error.arg(0)).isSameAs(failure);
        assertThat(error.arg(1)).isEqualTo(new ListenerFailure("job.run", "FailingJob#run", Arrays.asList(7, "x", null)));
    }

    @Test
    void failedCompletionStageOfASyncListenerIsEmittedAsError() throws Exception {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        this.emitter.register(new StageReturning(stage));
        CompletableFuture<Event> errorEvent = new CompletableFuture<>();
        this.emitter.on("error", errorEvent::complete);
        IllegalStateException failure = new IllegalStateException("stage broke");

        assertThat(this.emitter.emit("report.build", "q3")).isTrue();
        assertThat(errorEvent).isNotDone();
        stage.completeExceptionally(failure);

        Event error = errorEvent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error.arg(0)).isSameAs(failure);
        assertThat(error.arg(1)).isEqualTo(new ListenerFailure("report.build", "StageReturning#build", List.of("q3")));
    }

    @Test
    void alreadyFailedCompletionStageIsEmittedAsErrorInsteadOfThrown() throws Exception {
        IllegalStateException failure = new IllegalStateException("stage broke");
        this.emitter.register(new StageReturning(CompletableFuture.failedFuture(failure)));
        CompletableFuture<Event> errorEvent = new CompletableFuture<>();
        this.emitter.on("error", errorEvent::complete);

        assertThatNoException().isThrownBy(() -> this.emitter.emit("report.build", "q3"));

        Event error = errorEvent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error.arg(0)).isSameAs(failure);
    }

    @Test
    void asyncListenerFailureWithNoErrorListenerIsLoggedAtErrorWithEventListenerAndStackTrace() {
        IllegalStateException failure = new IllegalStateException("job broke");
        this.emitter.register(new FailingJob(failure));

        try (LogCapture logs = LogCapture.eventBus()) {
            assertThatNoException().isThrownBy(() -> this.emitter.emit("job.run", 7));

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> assertThat(
                    logs.events(Level.ERROR)).anySatisfy((event) -> {
                        assertThat(event.getFormattedMessage()).contains("job.run").contains("FailingJob#run");
                        assertThat(event.getThrowableProxy()).isNotNull();
                        assertThat(event.getThrowableProxy().getClassName())
                            .isEqualTo(IllegalStateException.class.getName());
                        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("job broke");
                        assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
                    }));
        }
    }

    @Test
    void failureInsideASyncErrorListenerIsLoggedAndNeverReEmitted() throws Exception {
        this.emitter.register(new FailingJob(new IllegalStateException("job broke")));
        AtomicInteger errorCalls = new AtomicInteger();
        this.emitter.on("error", (event) -> {
            errorCalls.incrementAndGet();
            throw new IllegalArgumentException("error listener broke");
        });

        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.emit("job.run");

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> logs.events(Level.ERROR).stream().anyMatch(EmitterErrorTest::isErrorListenerFailure));
            quiesce();
        }
        assertThat(errorCalls).hasValue(1);
    }

    @Test
    void failureInsideAnAsyncErrorListenerIsLoggedAndNeverReEmitted() throws Exception {
        this.emitter.register(new FailingJob(new IllegalStateException("job broke")));
        FailingErrorListener errorListener = new FailingErrorListener();
        this.emitter.register(errorListener);

        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.emit("job.run");

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> logs.events(Level.ERROR).stream().anyMatch(EmitterErrorTest::isErrorListenerFailure));
            quiesce();
        }
        assertThat(errorListener.calls).hasValue(1);
    }

    @Test
    void emittingErrorWithARuntimeExceptionAndNoListenerThrowsThatInstance() {
        IllegalStateException failure = new IllegalStateException("unhandled");

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", failure, "more"));

        assertThat(thrown).isSameAs(failure);
    }

    @Test
    void emittingErrorWithAnErrorAndNoListenerThrowsThatInstance() {
        BoomError failure = new BoomError();

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", failure));

        assertThat(thrown).isSameAs(failure);
    }

    @Test
    void emitAsyncOfErrorWithAnErrorAndNoListenerFailsTheFutureInsteadOfThrowing() {
        BoomError failure = new BoomError();

        CompletableFuture<Void> done = this.emitter.emitAsync("error", failure);

        assertThat(done).isCompletedExceptionally();
        assertThat(catchThrowable(done::join)).hasCause(failure);
    }

    @Test
    void emitAsyncOfErrorWithTextAndNoListenerFailsTheFutureWithUnhandledErrorException() {
        CompletableFuture<Void> done = this.emitter.emitAsync("error", "disk on fire");

        assertThat(catchThrowable(done::join)).cause()
            .isInstanceOf(UnhandledErrorException.class)
            .hasMessageContaining("disk on fire");
    }

    @Test
    void emittingErrorWithTextAndNoListenerThrowsUnhandledErrorException() {
        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", "disk on fire"));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class).hasNoCause().hasMessageContaining("disk on fire");
        assertThat(((UnhandledErrorException) thrown).getError()).isEqualTo("disk on fire");
    }

    @Test
    void emittingErrorWithACheckedExceptionAndNoListenerThrowsUnhandledErrorExceptionCausedByIt() {
        IOException failure = new IOException("disk full");

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", failure));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class);
        assertThat(thrown.getCause()).isSameAs(failure);
        assertThat(((UnhandledErrorException) thrown).getError()).isSameAs(failure);
    }

    @Test
    void emittingErrorWithoutArgumentsAndNoListenerThrowsUnhandledErrorException() {
        Throwable thrown = catchThrowable(() -> this.emitter.emit("error"));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class).hasNoCause();
        assertThat(((UnhandledErrorException) thrown).getError()).isNull();
    }

    @Test
    void emittingErrorWithAListenerDeliversItAndDoesNotThrow() {
        IllegalStateException failure = new IllegalStateException("handled");
        List<Object> received = new ArrayList<>();
        this.emitter.on("error", (event) -> received.add(event.arg(0)));

        assertThat(this.emitter.emit("error", failure)).isTrue();
        assertThat(received).containsExactly(failure);
    }

    @Test
    void emittingErrorWithOnlyAWildcardListenerDoesNotThrow() {
        IllegalStateException failure = new IllegalStateException("handled");
        List<String> received = new ArrayList<>();
        this.emitter.on("**", (event) -> received.add(event.name()));

        assertThat(this.emitter.emit("error", failure)).isTrue();
        assertThat(received).containsExactly("error");
    }

    @Test
    void emittingErrorThrowsAgainOnceItsListenerWasRemoved() {
        IllegalStateException failure = new IllegalStateException("unhandled");
        this.emitter.on("error", (event) -> {
        }).close();

        assertThat(catchThrowable(() -> this.emitter.emit("error", failure))).isSameAs(failure);
    }

    private static boolean isErrorListenerFailure(ILoggingEvent event) {
        IThrowableProxy throwable = event.getThrowableProxy();
        while (throwable != null) {
            if ("error listener broke".equals(throwable.getMessage())) {
                return true;
            }
            throwable = throwable.getCause();
        }
        return false;
    }

    private void quiesce() {
        this.executor.awaitIdle(TIMEOUT);
    }

    static class BoomError extends Error {

        private static final long serialVersionUID = 1L;

        BoomError() {
            super("boom error");
        }

    }

    public static class CheckedThrower {

        private final IOException failure;

        CheckedThrower(IOException failure) {
            this.failure = failure;
        }

        @On("file.saved")
        public void save(String file) throws IOException {
            throw this.failure;
        }

    }

    public static class FailingJob {

        private final RuntimeException failure;

        FailingJob(RuntimeException failure) {
            this.failure = failure;
        }

        @On(value = "job.run", async = true)
        public void run() {
            throw this.failure;
        }

    }

    public static class StageReturning {

        private final CompletableFuture<Void> stage;

        StageReturning(CompletableFuture<Void> stage) {
            this.stage = stage;
        }

        @On("report.build")
        public CompletableFuture<Void> build(String quarter) {
            return this.stage;
        }

    }

    public static class FailingErrorListener {

        final AtomicInteger calls = new AtomicInteger();

        @On(value = "error", async = true)
        public void onError(Throwable error) {
            this.calls.incrementAndGet();
            throw new IllegalArgumentException("error listener broke");
        }

    }

}
