package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.eventbus.Emitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of metrics: the same emit to {@code @On} beans with no meter registry, with a {@link SimpleMeterRegistry}
 * and with a {@link PrometheusMeterRegistry}, each given to {@code Emitter.builder().meterRegistry(...)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBenchmark {

    @Benchmark
    public boolean metricsOff(MetricsOff state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    @Benchmark
    public boolean simpleRegistry(Simple state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    @Benchmark
    public boolean prometheusRegistry(Prometheus state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    /**
     * The reference: Micrometer's own {@code Timer.record} of one run, on a timer of the Simple registry, with the
     * clock read the engine makes per run; what one listener invocation costs at least with metrics on.
     */
    @Benchmark
    public void simpleTimerRecord(SimpleTimer state) {
        state.timer.record(System.nanoTime() - state.start, TimeUnit.NANOSECONDS);
    }

    /** As {@link #simpleTimerRecord}, on a timer of the Prometheus registry. */
    @Benchmark
    public void prometheusTimerRecord(PrometheusTimer state) {
        state.timer.record(System.nanoTime() - state.start, TimeUnit.NANOSECONDS);
    }

    /** A timer of the Simple registry, tagged as the engine's. */
    @State(Scope.Thread)
    public static class SimpleTimer {

        final long start = System.nanoTime();

        MeterRegistry registry = new SimpleMeterRegistry();

        Timer timer;

        @Setup
        public void setUp() {
            this.timer = listenerTimer(this.registry);
        }

        @TearDown
        public void tearDown() {
            this.registry.close();
        }

    }

    /** A timer of the Prometheus registry, tagged as the engine's. */
    @State(Scope.Thread)
    public static class PrometheusTimer {

        final long start = System.nanoTime();

        MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        Timer timer;

        @Setup
        public void setUp() {
            this.timer = listenerTimer(this.registry);
        }

        @TearDown
        public void tearDown() {
            this.registry.close();
        }

    }

    static Timer listenerTimer(MeterRegistry registry) {
        return Timer.builder("eventbus.listener")
            .tags("event", OrderPlaced.NAME, "listener", "OnListenerA#handle", "mode", "sync", "outcome", "success",
                    "exception", "none")
            .register(registry);
    }

    /** The number of listeners, the argument, and where listeners deliver it. */
    @State(Scope.Thread)
    public static class Fixture {

        @Param({ "1", "10" })
        int listeners;

        final OrderPlaced payload = Fixtures.payload();

        Delivery delivery;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.delivery = new Delivery(blackhole);
        }

        /**
         * An emitter with the listeners, after a warm-up on another emitter whose registry is of the same kind, so
         * that the measured registry holds only the measured meters.
         */
        Emitter emitter(Supplier<Emitter.Builder> builder, String contender) {
            EventBusListeners.warmUp(builder.get(), this.delivery);
            Emitter emitter = EventBusListeners.registerOnBeans(builder.get().build(), this.listeners, this.delivery);
            this.delivery.expect(contender, this.listeners, () -> emitter.emit(OrderPlaced.NAME, this.payload));
            return emitter;
        }

        @TearDown(Level.Iteration)
        public void checkDelivered() {
            if (this.delivery.count() == 0) {
                throw new IllegalStateException("No listener was called during the iteration");
            }
        }

    }

    @State(Scope.Thread)
    public static class MetricsOff {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitter(Emitter::builder, "metrics off");
        }

    }

    @State(Scope.Thread)
    public static class Simple {

        OrderPlaced payload;

        MeterRegistry registry;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitter(() -> Emitter.builder().meterRegistry(newRegistry()), "simple registry");
            RecordedMetrics.check(this.registry, fixture.listeners);
        }

        private MeterRegistry newRegistry() {
            this.registry = new SimpleMeterRegistry();
            return this.registry;
        }

        @TearDown
        public void tearDown() {
            this.registry.close();
        }

    }

    @State(Scope.Thread)
    public static class Prometheus {

        OrderPlaced payload;

        MeterRegistry registry;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitter(() -> Emitter.builder().meterRegistry(newRegistry()),
                    "Prometheus registry");
            RecordedMetrics.check(this.registry, fixture.listeners);
        }

        private MeterRegistry newRegistry() {
            this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            return this.registry;
        }

        @TearDown
        public void tearDown() {
            this.registry.close();
        }

    }

}
