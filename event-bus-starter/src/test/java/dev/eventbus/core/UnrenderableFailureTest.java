package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Failures are reported even when the objects they involve cannot be rendered: an argument whose
 * {@code toString()} throws, a failure whose {@code getMessage()} throws. Nothing escapes to the executor's thread.
 */
class UnrenderableFailureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
        Thread thread = new Thread(task, "unrenderable-test");
        thread.setUncaughtExceptionHandler((where, ex) -> this.uncaught.add(ex));
        return thread;
    });

    private final DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner());

    @AfterEach
    void stopExecutor() throws InterruptedException {
        this.executor.shutdown();
        assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void asyncFailureWhoseErrorListenerFailsOnAnArgumentThatCannotBeRenderedLogsBothFailures() throws Exception {
        this.emitter.register(new FailingJob(new IllegalStateException("job broke")));
        this.emitter.register(new FailingErrorListener());

        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.emit("job.run", new DetachedEntity());

            ILoggingEvent logged = await().atMost(TIMEOUT)
                .until(() -> logs.events(Level.ERROR).stream().findFirst().orElse(null), (event) -> event != null);
            assertThat(logged.getFormattedMessage()).contains("FailingErrorListener#handle")
                .contains("<" + DetachedEntity.class.getName() + "@")
                .contains("toString() threw " + IllegalStateException.class.getName());
            IThrowableProxy failure = logged.getThrowableProxy();
            assertThat(failure.getMessage()).isEqualTo("error listener broke");
            assertThat(failure.getSuppressed()).extracting(IThrowableProxy::getMessage).containsExactly("job broke");
        }
        drain();
        assertThat(this.uncaught).isEmpty();
    }

    @Test
    void asyncFailureWhoseMessageCannotBeRenderedIsLoggedWhenNoListenerHandlesError() throws Exception {
        this.emitter.register(new FailingJob(new MessageThatThrows()));

        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.emit("job.run", "ok");

            ILoggingEvent logged = await().atMost(TIMEOUT)
                .until(() -> logs.events(Level.ERROR).stream().findFirst().orElse(null), (event) -> event != null);
            assertThat(logged.getFormattedMessage()).contains("FailingJob#run").contains("job.run");
            IThrowableProxy failure = logged.getThrowableProxy();
            assertThat(failure.getMessage()).contains(MessageThatThrows.class.getName())
                .contains("getMessage() threw " + UnsupportedOperationException.class.getName());
            assertThat(failure.getStackTraceElementProxyArray()).isNotEmpty();
        }
        drain();
        assertThat(this.uncaught).isEmpty();
    }

    @Test
    void checkedFailureWhoseTextCannotBeRenderedIsStillWrappedForTheCaller() {
        CheckedThatThrows checked = new CheckedThatThrows();
        this.emitter.on("job.run", (event) -> {
            throw checked;
        });

        assertThatExceptionOfType(ListenerInvocationException.class)
            .isThrownBy(() -> this.emitter.emit("job.run", new DetachedEntity()))
            .withCause(checked)
            .withMessageContaining("toString() threw " + UnsupportedOperationException.class.getName());
    }

    @Test
    void eventWithAnArgumentThatCannotBeRenderedStillDescribesItself() {
        List<String> described = new CopyOnWriteArrayList<>();
        this.emitter.on("job.run", (event) -> described.add(event.toString()));

        this.emitter.emit("job.run", new DetachedEntity(), 7);

        assertThat(described).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .startsWith("Event[name=job.run, args=[<" + DetachedEntity.class.getName() + "@")
            .endsWith(", 7]]");
    }

    private void drain() throws InterruptedException {
        // every task queued has run, and whatever escaped one has reached the handler
        this.executor.shutdown();
        assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** An argument like a JPA entity outside its session. */
    static class DetachedEntity {

        @Override
        public String toString() {
            throw new IllegalStateException("could not initialize proxy - no Session");
        }

    }

    static class MessageThatThrows extends RuntimeException {

        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no message");
        }

    }

    static class CheckedThatThrows extends Exception {

        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new UnsupportedOperationException("no text");
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

    public static class FailingErrorListener {

        @On(value = "error", async = true)
        public void handle(Throwable failure) {
            throw new IllegalArgumentException("error listener broke");
        }

    }

}
