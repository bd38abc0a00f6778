package dev.eventbus.metrics;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.eventbus.On;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitterInstrumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The spans a tracer makes of the bus's observations: one trace, a listener's span a child of its emit's, on the
 * emitting thread and on the executor's.
 */
class EmitterTracingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SimpleTracer tracer = new SimpleTracer();

    private final ObservationRegistry registry = ObservationRegistry.create();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final DefaultEmitter emitter;

    EmitterTracingTest() {
        this.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
        this.emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), new ObservationEmitInterceptor(this.registry));
    }

    @AfterEach
    void stopExecutor() {
        this.executor.shutdownNow();
    }

    @Test
    void syncListenerSpanIsAChildOfTheEmitSpan() {
        Span[] seen = new Span[1];
        this.emitter.on("order.placed", (event) -> seen[0] = this.tracer.currentSpan());

        this.emitter.emit("order.placed", "A-1");

        SimpleSpan emit = span("emit order.placed");
        SimpleSpan listener = span("lambda on order.placed");
        assertThat(emit.getParentId()).isEmpty();
        assertThat(listener.getTraceId()).isEqualTo(emit.getTraceId());
        assertThat(listener.getParentId()).isEqualTo(emit.getSpanId());
        assertThat(emit.getTags()).containsEntry("event", "order.placed")
            .containsEntry("method", "emit")
            .containsEntry("outcome", "delivered");
        assertThat(listener.getTags()).containsEntry("event", "order.placed")
            .containsEntry("listener", "lambda")
            .containsEntry("mode", "sync")
            .containsEntry("outcome", "success");
        assertThat(seen[0]).isSameAs(listener);
        assertThat(this.tracer.currentSpan()).isNull();
    }

    @Test
    void asyncListenerSpanIsAChildOfTheEmitSpanAcrossTheExecutor() {
        AsyncListener listener = new AsyncListener(this.tracer);
        this.emitter.register(listener);

        this.emitter.emit("order.placed");

        await().atMost(TIMEOUT).until(() -> ended("mailer#confirm on order.placed"));
        SimpleSpan emit = span("emit order.placed");
        SimpleSpan async = span("mailer#confirm on order.placed");
        assertThat(async.getTraceId()).isEqualTo(emit.getTraceId());
        assertThat(async.getParentId()).isEqualTo(emit.getSpanId());
        assertThat(async.getTags()).containsEntry("mode", "async").containsEntry("outcome", "success");
        assertThat(listener.span).isSameAs(async);
        assertThat(listener.thread).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void failureMarksTheListenerSpanAndTheEmitSpanWithTheError() {
        IllegalStateException boom = new IllegalStateException("out of stock");
        this.emitter.on("order.placed", (event) -> {
            throw boom;
        });

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.emitter.emit("order.placed"));

        assertThat(span("lambda on order.placed").getError()).isSameAs(boom);
        assertThat(span("lambda on order.placed").getTags()).containsEntry("outcome", "error");
        assertThat(span("emit order.placed").getError()).isSameAs(boom);
        assertThat(span("emit order.placed").getTags()).containsEntry("outcome", "failed");
    }

    @Test
    void emitSpanJoinsTheTraceOfTheCaller() {
        this.emitter.on("order.placed", (event) -> {
        });

        Observation.createNotStarted("http.server.requests", this.registry)
            .contextualName("POST /orders")
            .observe(() -> this.emitter.emit("order.placed"));

        SimpleSpan request = span("POST /orders");
        SimpleSpan emit = span("emit order.placed");
        SimpleSpan listener = span("lambda on order.placed");
        assertThat(emit.getTraceId()).isEqualTo(request.getTraceId());
        assertThat(emit.getParentId()).isEqualTo(request.getSpanId());
        assertThat(listener.getParentId()).isEqualTo(emit.getSpanId());
    }

    private SimpleSpan span(String name) {
        SimpleSpan span = spanOrNull(name);
        assertThat(span).as("span '%s' among %s", name, this.tracer.getSpans()).isNotNull();
        return span;
    }

    private boolean ended(String name) {
        SimpleSpan span = spanOrNull(name);
        return span != null && span.getEndTimestamp().toEpochMilli() != 0;
    }

    private SimpleSpan spanOrNull(String name) {
        return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst().orElse(null);
    }

    static class AsyncListener {

        private final SimpleTracer tracer;

        volatile Span span;

        volatile String thread;

        AsyncListener(SimpleTracer tracer) {
            this.tracer = tracer;
        }

        @On(value = "order.*", async = true, id = "mailer#confirm")
        void confirm() {
            this.thread = Thread.currentThread().getName();
            this.span = this.tracer.currentSpan();
        }

    }

}
