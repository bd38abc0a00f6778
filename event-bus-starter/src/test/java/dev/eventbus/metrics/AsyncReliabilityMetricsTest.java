package dev.eventbus.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.AsyncOverflowPolicy;
import dev.eventbus.core.AsyncSettings;
import dev.eventbus.core.DefaultEmitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code eventbus.async.rejections} and {@code eventbus.async.abandoned}: every refused hand-off and every invocation
 * a shutdown gave up on is counted.
 */
class AsyncReliabilityMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RecordedMeters meters = new RecordedMeters(this.registry);

    @Test
    void invocationRunOnTheCallerIsCountedAsCallerRunsAndTimedAsAsync() {
        Emitter emitter = Emitter.builder().meterRegistry(this.registry).executor((task) -> {
            throw new RejectedExecutionException("full");
        }).build();
        emitter.register(new Mailer());

        emitter.emit("order.placed");
        emitter.emit("order.placed");

        assertThat(rejections("order.placed", "Mailer#send", "caller-runs").count()).isEqualTo(2);
        assertThat(this.meters.listenerTimer("order.placed", "Mailer#send", "async", "success", "none").count())
            .isEqualTo(2);
        assertThat(this.registry.find("eventbus.async.rejections").tag("action", "failed").counters()).isEmpty();
    }

    @Test
    void invocationHandedOffAfterWaitingIsCountedAsWaited() {
        AtomicInteger attempts = new AtomicInteger();
        Queue<Runnable> tasks = new ArrayDeque<>();
        DefaultEmitter emitter = emitter((task) -> {
            if (attempts.getAndIncrement() == 0) {
                throw new RejectedExecutionException("full for a moment");
            }
            tasks.add(task);
        }, AsyncOverflowPolicy.BLOCK);
        emitter.register(new Mailer());

        emitter.emit("order.placed");

        assertThat(tasks).hasSize(1);
        assertThat(rejections("order.placed", "Mailer#send", "waited").count()).isEqualTo(1);
    }

    @Test
    void refusedEmitIsCountedAsFailedAndTheEmitAsFailed() {
        DefaultEmitter emitter = emitter((task) -> {
            throw new RejectedExecutionException("full");
        }, AsyncOverflowPolicy.FAIL);
        emitter.register(new Mailer());

        assertThatExceptionOfType(AsyncOverflowException.class).isThrownBy(() -> emitter.emit("order.placed"));

        assertThat(rejections("order.placed", "Mailer#send", "failed").count()).isEqualTo(1);
        assertThat(this.meters.emits("order.placed", "failed").count()).isEqualTo(1);
        assertThat(this.registry.find("eventbus.listener").tag("listener", "Mailer#send").timers())
            .as("the listener never ran")
            .allSatisfy((timer) -> assertThat(timer.count()).isZero());
    }

    @Test
    void invocationsUnfinishedAtShutdownAreCountedAsAbandoned() {
        Queue<Runnable> neverRun = new ArrayDeque<>();
        DefaultEmitter emitter = emitter(neverRun::add, AsyncOverflowPolicy.CALLER_RUNS);
        emitter.register(new Mailer());
        emitter.emit("order.placed");
        emitter.emit("order.placed");
        emitter.emit("order.paid");

        assertThat(emitter.shutdown(Duration.ZERO)).isFalse();

        assertThat(this.registry.get("eventbus.async.abandoned")
            .tag("event", "order.placed")
            .tag("listener", "Mailer#send")
            .counter()
            .count()).isEqualTo(2);
        assertThat(this.registry.get("eventbus.async.abandoned").tag("event", "order.paid").counter().count())
            .isEqualTo(1);
        assertThat(this.registry.get("eventbus.async.pending").gauge().value()).isZero();
    }

    private DefaultEmitter emitter(Executor executor, AsyncOverflowPolicy policy) {
        return new DefaultEmitter(executor, 0, new MicrometerEmitterInstrumentation(this.registry, 100),
                new AnnotatedListenerScanner(), null, new AsyncSettings(policy, TIMEOUT, TIMEOUT));
    }

    private Counter rejections(String event, String listener, String action) {
        return this.registry.get("eventbus.async.rejections")
            .tag("event", event)
            .tag("listener", listener)
            .tag("action", action)
            .counter();
    }

    public static class Mailer {

        @On(value = "order.*", async = true)
        public void send() {
        }

    }

}
