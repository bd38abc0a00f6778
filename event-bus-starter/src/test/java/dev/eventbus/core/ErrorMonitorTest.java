package dev.eventbus.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.UnhandledErrorException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Emitter#ERROR_MONITOR}: listeners that observe every {@code "error"} before its listeners, without handling
 * it, as Node's {@code errorMonitor}.
 */
class ErrorMonitorTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final Emitter emitter = Emitter.builder().executor(Runnable::run).meterRegistry(this.meters).build();

    private final List<String> calls = new ArrayList<>();

    @Test
    void monitorsRunBeforeTheErrorListenersWithTheErrorEvent() {
        IllegalStateException failure = new IllegalStateException("boom");
        List<Event> monitored = new ArrayList<>();
        this.emitter.on("error", (event) -> this.calls.add("handler"));
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> {
            monitored.add(event);
            this.calls.add("monitor");
        });

        assertThat(this.emitter.emit("error", failure, "detail")).isTrue();

        assertThat(this.calls).containsExactly("monitor", "handler");
        assertThat(monitored).singleElement().satisfies((event) -> {
            assertThat(event.name()).isEqualTo("error");
            assertThat(event.args()).containsExactly(failure, "detail");
        });
    }

    @Test
    void errorObservedOnlyByAMonitorIsStillThrownAfterTheMonitorRan() {
        IllegalStateException failure = new IllegalStateException("boom");
        List<Object> monitored = new ArrayList<>();
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> monitored.add(event.arg(0)));

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", failure));

        assertThat(thrown).isSameAs(failure);
        assertThat(monitored).containsExactly(failure);
        assertThat(this.meters.get("eventbus.emits").tag("event", "error").tag("outcome", "unhandled").counter()
            .count()).isEqualTo(1.0);
    }

    @Test
    void checkedErrorObservedOnlyByAMonitorIsStillThrownWrapped() {
        IOException failure = new IOException("disk full");
        List<Object> monitored = new ArrayList<>();
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> monitored.add(event.arg(0)));

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", failure));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class).hasCause(failure);
        assertThat(monitored).containsExactly(failure);
    }

    @Test
    void emitAsyncOfAnErrorObservedOnlyByAMonitorFailsItsFutureAfterTheMonitorRan() {
        IllegalStateException failure = new IllegalStateException("boom");
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> this.calls.add("monitor"));

        CompletableFuture<Void> done = this.emitter.emitAsync("error", failure);

        assertThat(this.calls).containsExactly("monitor");
        assertThat(catchThrowable(done::join)).hasCause(failure);
    }

    @Test
    void failureWithoutACallerReachesTheMonitorsAndIsStillLoggedWhenNothingHandlesIt() {
        IllegalStateException failure = new IllegalStateException("mail server down");
        this.emitter.register(new Mailer(failure));
        List<Object> monitored = new ArrayList<>();
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> monitored.addAll(event.args()));

        try (LogCapture logs = LogCapture.eventBus().quiet()) {
            this.emitter.emit("order.placed", 7);

            assertThat(monitored).containsExactly(failure, new ListenerFailure("order.placed", "Mailer#send", List.of(7)));
            assertThat(logs.messagesContaining(Level.ERROR, "no listener handles the 'error' event")).hasSize(1);
        }
    }

    @Test
    void failureWithoutACallerReachesTheMonitorsBeforeTheErrorListenersAndIsNotLogged() {
        this.emitter.register(new FailingAsyncJob());
        this.emitter.on("error", (event) -> this.calls.add("handler"));
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> this.calls.add("monitor"));

        try (LogCapture logs = LogCapture.eventBus().quiet()) {
            this.emitter.emit("job");

            assertThat(this.calls).containsExactly("monitor", "handler");
            assertThat(logs.messages(Level.ERROR)).isEmpty();
        }
    }

    @Test
    void monitorThatThrowsStopsTheEmitLikeAnySyncListener() {
        IllegalStateException monitorFailure = new IllegalStateException("monitor broke");
        this.emitter.on("error", (event) -> this.calls.add("handler"));
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> {
            throw monitorFailure;
        });

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", new IllegalStateException("boom")));

        assertThat(thrown).isSameAs(monitorFailure);
        assertThat(this.calls).isEmpty();
    }

    @Test
    void wildcardPatternsThatReachErrorAreErrorListenersNotMonitors() {
        this.emitter.on("*", (event) -> this.calls.add("* " + event.name()));

        assertThat(this.emitter.emit("error", new IllegalStateException("handled by *"))).isTrue();
        this.emitter.emit(Emitter.ERROR_MONITOR);

        assertThat(this.calls).containsExactly("* error", "* errorMonitor");
        assertThat(this.emitter.listeners("error")).extracting(ListenerInfo::pattern).containsExactly("*");
    }

    @Test
    void listenersOfErrorShowTheMonitorsFirstAsTheEmitReachesThem() {
        this.emitter.on("error", (event) -> {
        });
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> {
        });

        assertThat(this.emitter.listeners("error")).extracting(ListenerInfo::pattern)
            .containsExactly("errorMonitor", "error");
        assertThat(this.emitter.listenerCount("error")).isEqualTo(2);
    }

    @Test
    void monitorAddedAfterTheErrorPlanWasBuiltIsCalled() {
        this.emitter.on("error", (event) -> this.calls.add("handler"));
        this.emitter.emit("error", new IllegalStateException("first"));
        this.calls.clear();

        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> this.calls.add("monitor"));
        this.emitter.emit("error", new IllegalStateException("second"));

        assertThat(this.calls).containsExactly("monitor", "handler");
    }

    @Test
    void emittingErrorMonitorItselfIsAnOrdinaryEmit() {
        this.emitter.on(Emitter.ERROR_MONITOR, (event) -> this.calls.add("monitor " + event.name()));

        assertThat(this.emitter.emit(Emitter.ERROR_MONITOR, "x")).isTrue();

        assertThat(this.calls).containsExactly("monitor errorMonitor");
    }

    @Test
    void annotatedMonitorObservesAndAMethodOnBothNamesIsCalledOnceAsAHandler() {
        Monitors monitors = new Monitors();
        this.emitter.register(monitors);

        this.emitter.emit("error", new IllegalStateException("boom"));

        assertThat(monitors.calls).containsExactly("observe", "both");
    }

    static class Mailer {

        private final Exception failure;

        Mailer(Exception failure) {
            this.failure = failure;
        }

        @On("order.placed")
        CompletableFuture<Void> send(int order) {
            return CompletableFuture.failedFuture(this.failure);
        }
    }

    static class FailingAsyncJob {

        @On(value = "job", async = true)
        void run() {
            throw new IllegalStateException("job broke");
        }
    }

    static class Monitors {

        final List<String> calls = new ArrayList<>();

        @On(Emitter.ERROR_MONITOR)
        void observe(Throwable error) {
            this.calls.add("observe");
        }

        @On({ Emitter.ERROR_MONITOR, "error" })
        void both(Throwable error) {
            this.calls.add("both");
        }
    }

}
