package dev.eventbus.metrics;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import dev.eventbus.Emitter;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.MaxDepthExceededException;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The meters as the engine records them, through {@link Emitter#builder()}. Async listeners run on an executor that
 * queues their tasks until the test runs them, so every intermediate state is observed without waiting.
 */
class EmitterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RecordedMeters meters = new RecordedMeters(this.registry);

    private final Queue<Runnable> tasks = new ArrayDeque<>();

    private final Emitter emitter = Emitter.builder().meterRegistry(this.registry).executor(this.tasks::add).build();

    @Test
    void deliveredEmitsAreCountedAndEachSyncListenerRunIsTimed() {
        this.emitter.register(new Listeners());

        this.emitter.emit("order.created", "A-1");
        this.emitter.emit("order.created", "A-2");

        assertThat(emits("order.created", "delivered")).isEqualTo(2);
        Timer timer = listenerTimer("order.created", "audit", "sync", "success", "none");
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.getId().getTags()).extracting(Tag::getKey)
            .containsExactlyInAnyOrder("event", "listener", "mode", "outcome", "exception");
    }

    @Test
    void emitsAreCountedUnderTheEmittedNameNotTheListenersPattern() {
        this.emitter.register(new Listeners());

        this.emitter.emit("order.shipped");

        assertThat(emits("order.shipped", "delivered")).isEqualTo(1);
        assertThat(listenerTimer("order.shipped", "everyOrder", "sync", "success", "none").count()).isEqualTo(1);
        assertThat(this.registry.find("eventbus.emits").tag("event", "order.*").meters()).isEmpty();
    }

    @Test
    void emitsNoListenerMatchesAreCountedUnhandled() {
        this.emitter.on("order.created", (event) -> {
        });

        this.emitter.emit("nobody.listens");
        this.emitter.emitAsync("nobody.listens").join();
        assertThatIllegalStateException().isThrownBy(() -> this.emitter.emit("error", new IllegalStateException()));

        assertThat(emits("nobody.listens", "unhandled")).isEqualTo(2);
        assertThat(emits("error", "unhandled")).isEqualTo(1);
        assertThat(this.registry.find("eventbus.listener").tag("event", "nobody.listens").meters()).isEmpty();
    }

    @Test
    void emitAsyncIsCountedLikeEmit() {
        this.emitter.register(new Listeners());

        this.emitter.emitAsync("order.created", "A-1").join();

        assertThat(emits("order.created", "delivered")).isEqualTo(1);
        assertThat(listenerTimer("order.created", "audit", "sync", "success", "none").count()).isEqualTo(1);
    }

    @Test
    void syncListenerThrowingIsCountedFailedAndTimedAsAnError() {
        this.emitter.on("payment.declined", (event) -> {
            throw new IllegalStateException("card expired");
        });

        assertThatIllegalStateException().isThrownBy(() -> this.emitter.emit("payment.declined"));

        assertThat(emits("payment.declined", "failed")).isEqualTo(1);
        assertThat(this.registry.find("eventbus.emits").tag("event", "payment.declined").meters()).hasSize(1);
        String id = this.emitter.listeners("payment.declined").get(0).id();
        assertThat(listenerTimer("payment.declined", id, "sync", "error", "IllegalStateException").count())
            .isEqualTo(1);
        assertThat(listenerTimer("payment.declined", id, "sync", "success", "none").count()).isZero();
    }

    @Test
    void emitRefusedBeforeItStartsIsNotCountedAndTheEmitsItStopsAreCountedFailed() {
        DefaultEmitter shallow = (DefaultEmitter) Emitter.builder().meterRegistry(this.registry).maxDepth(2).build();
        shallow.on("echo", (event) -> shallow.emit("echo"));

        assertThatExceptionOfType(MaxDepthExceededException.class).isThrownBy(() -> shallow.emit("echo"));
        assertThatIllegalArgumentException().isThrownBy(() -> shallow.emit("not..valid"));
        shallow.close();
        assertThatExceptionOfType(EmitterClosedException.class).isThrownBy(() -> shallow.emit("echo"));

        assertThat(emits("echo", "failed")).as("the two emits that the too deep one stopped").isEqualTo(2);
        assertThat(this.registry.find("eventbus.emits").meters()).as("nothing for the refused emits").hasSize(1);
    }

    @Test
    void checkedExceptionIsTaggedWithItsOwnClassNotTheWrapper() {
        this.emitter.on("file.saved", (event) -> {
            throw new IOException("disk full");
        });

        assertThatExceptionOfType(ListenerInvocationException.class)
            .isThrownBy(() -> this.emitter.emit("file.saved"));

        String id = this.emitter.listeners("file.saved").get(0).id();
        assertThat(listenerTimer("file.saved", id, "sync", "error", "IOException").count()).isEqualTo(1);
        assertThat(emits("file.saved", "failed")).isEqualTo(1);
    }

    @Test
    void asyncListenerIsPendingUntilItRunsThenTimedWithItsWait() {
        this.emitter.register(new Listeners());

        this.emitter.emit("mail.requested");

        assertThat(emits("mail.requested", "delivered")).isEqualTo(1);
        assertThat(gauge("eventbus.async.pending")).isEqualTo(1);
        Timer run = listenerTimer("mail.requested", "mailer", "async", "success", "none");
        assertThat(run.count()).isZero();
        assertThat(waitTimer("mail.requested", "mailer").count()).isZero();

        runTasks();

        assertThat(gauge("eventbus.async.pending")).isZero();
        assertThat(run.count()).isEqualTo(1);
        assertThat(waitTimer("mail.requested", "mailer").count()).isEqualTo(1);
        assertThat(waitTimer("mail.requested", "mailer").getId().getTags()).extracting(Tag::getKey)
            .containsExactlyInAnyOrder("event", "listener");
    }

    @Test
    void asyncListenerFailureIsTimedAsAnAsyncErrorAndReachesTheErrorEvent() {
        Listeners listeners = new Listeners();
        this.emitter.register(listeners);

        this.emitter.emit("mail.bounced");
        runTasks();

        assertThat(listenerTimer("mail.bounced", "bounceHandler", "async", "error", "IllegalStateException").count())
            .isEqualTo(1);
        assertThat(emits("mail.bounced", "delivered")).isEqualTo(1);
        assertThat(emits("error", "delivered")).isEqualTo(1);
        assertThat(listeners.errors).isEqualTo(1);
        assertThat(gauge("eventbus.async.pending")).isZero();
    }

    @Test
    void syncListenerReturningAStageIsTimedWhenTheStageCompletesAndStaysSync() {
        Listeners listeners = new Listeners();
        this.emitter.register(listeners);

        this.emitter.emit("report.requested");

        Timer timer = listenerTimer("report.requested", "reporter", "sync", "success", "none");
        assertThat(timer.count()).isZero();
        assertThat(emits("report.requested", "delivered")).isEqualTo(1);

        listeners.report.complete("done");

        assertThat(timer.count()).isEqualTo(1);
        assertThat(this.registry.find("eventbus.listener").tag("mode", "async").meters()).isEmpty();
    }

    @Test
    void stageCompletingExceptionallyIsTimedAsAnErrorOfTheStagesException() {
        Listeners listeners = new Listeners();
        this.emitter.register(listeners);
        this.emitter.emit("report.requested");

        listeners.report.completeExceptionally(new IllegalArgumentException("no data"));

        assertThat(listenerTimer("report.requested", "reporter", "sync", "error", "IllegalArgumentException").count())
            .isEqualTo(1);
        assertThat(listenerTimer("report.requested", "reporter", "sync", "success", "none").count()).isZero();
    }

    @Test
    void asyncListenerReturningAStageStaysPendingAndUntimedUntilTheStageCompletes() {
        Listeners listeners = new Listeners();
        this.emitter.register(listeners);

        this.emitter.emit("export.requested");
        runTasks();

        Timer timer = listenerTimer("export.requested", "exporter", "async", "success", "none");
        assertThat(timer.count()).isZero();
        assertThat(waitTimer("export.requested", "exporter").count()).isEqualTo(1);
        assertThat(gauge("eventbus.async.pending")).isEqualTo(1);

        listeners.export.complete(null);

        assertThat(timer.count()).isEqualTo(1);
        assertThat(gauge("eventbus.async.pending")).isZero();
    }

    @Test
    void listenersGaugeFollowsRegistrations() {
        assertThat(gauge("eventbus.listeners")).isZero();
        Subscription subscription = this.emitter.register(new Listeners());
        this.emitter.on("order.created", (event) -> {
        });

        assertThat(gauge("eventbus.listeners")).isEqualTo(8);

        subscription.close();

        assertThat(gauge("eventbus.listeners")).isEqualTo(1);
    }

    @Test
    void builderCapsTheEventTagAtOneHundredNames() {
        this.emitter.on("**", (event) -> {
        });

        for (int i = 1; i <= 101; i++) {
            this.emitter.emit("event." + i);
        }

        Set<String> tags = this.registry.find("eventbus.emits").meters().stream()
            .map((meter) -> meter.getId().getTag("event"))
            .collect(Collectors.toSet());
        assertThat(tags).hasSize(101).contains("event.1", "event.100", "other").doesNotContain("event.101");
        assertThat(emits("other", "delivered")).isEqualTo(1);
    }

    @Test
    void onlyEmittedNamesSpendTheEventTagLimit() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Emitter emitter = new DefaultEmitter(this.tasks::add, 10, new MicrometerEmitterInstrumentation(registry, 2),
                new AnnotatedListenerScanner());
        Subscription first = emitter.on("a", (event) -> {
        });
        emitter.on("b", (event) -> {
        });
        emitter.on("e", (event) -> {
        });
        emitter.listeners("c");
        emitter.listenerCount("d");
        first.close();
        emitter.on("a", (event) -> {
        });

        emitter.emit("a");
        emitter.emit("b");
        emitter.emit("e");

        assertThat(registry.find("eventbus.emits").counters())
            .extracting((counter) -> counter.getId().getTag("event"), Counter::count)
            .containsExactlyInAnyOrder(tuple("a", 1.0), tuple("b", 1.0), tuple("other", 1.0));
    }

    @Test
    void asyncFailureLoggedForWantOfAnErrorListenerSpendsNoEventTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Emitter emitter = new DefaultEmitter(this.tasks::add, 10, new MicrometerEmitterInstrumentation(registry, 2),
                new AnnotatedListenerScanner());
        emitter.on("b", (event) -> {
        });
        emitter.register(new FailingAsyncListener());

        emitter.emit("a");
        runTasks();
        emitter.emit("b");

        assertThat(registry.find("eventbus.emits").counters())
            .extracting((counter) -> counter.getId().getTag("event"), Counter::count)
            .containsExactlyInAnyOrder(tuple("a", 1.0), tuple("b", 1.0));
    }

    @Test
    void inspectingListenersRegistersNoMeters() {
        this.emitter.register(new Listeners());

        this.emitter.listeners("order.created");
        this.emitter.listenerCount("order.created");

        assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
            .containsOnly("eventbus.listeners", "eventbus.async.pending");
    }

    private void runTasks() {
        for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
            task.run();
        }
    }

    private double emits(String event, String outcome) {
        return this.meters.emits(event, outcome).count();
    }

    private Timer listenerTimer(String event, String listener, String mode, String outcome, String exception) {
        return this.meters.listenerTimer(event, listener, mode, outcome, exception);
    }

    private Timer waitTimer(String event, String listener) {
        return this.registry.get("eventbus.listener.wait").tag("event", event).tag("listener", listener).timer();
    }

    private double gauge(String name) {
        Meter gauge = this.registry.get(name).meter();
        assertThat(gauge.getId().getTags()).isEmpty();
        return this.registry.get(name).gauge().value();
    }

    public static class Listeners {

        final CompletableFuture<String> report = new CompletableFuture<>();

        final CompletableFuture<Void> export = new CompletableFuture<>();

        int errors;

        @On(value = "order.created", id = "audit")
        public void audit(String orderId) {
        }

        @On(value = "order.*", id = "everyOrder", order = 1)
        public void everyOrder() {
        }

        @On(value = "mail.requested", id = "mailer", async = true)
        public void send() {
        }

        @On(value = "mail.bounced", id = "bounceHandler", async = true)
        public void bounced() {
            throw new IllegalStateException("mailbox gone");
        }

        @On(value = "report.requested", id = "reporter")
        public CompletionStage<String> report() {
            return this.report;
        }

        @On(value = "export.requested", id = "exporter", async = true)
        public CompletableFuture<Void> export() {
            return this.export;
        }

        @On(value = "error", id = "errors")
        public void onError(Throwable error) {
            this.errors++;
        }
    }

    public static class FailingAsyncListener {

        @On(value = "a", id = "failing", async = true)
        public void fail() {
            throw new IllegalStateException("logged, not emitted");
        }
    }
}
