package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
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
 * The steady state of an emit whose listeners are registered under the exact name ({@code order.placed}), under a
 * one-segment wildcard ({@code order.*}) and under a multi-segment wildcard ({@code order.**}), among
 * {@value PatternFixtures#BACKGROUND} registrations for other names. The peers route by type and have no name
 * patterns: their figures for the same delivery are those of {@link SyncEmitBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PatternBenchmark {

    @Benchmark
    public boolean exactName(ExactName state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    @Benchmark
    public boolean singleWildcard(SingleWildcard state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    @Benchmark
    public boolean multiWildcard(MultiWildcard state) {
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
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

        Emitter emitterListeningTo(String pattern, String contender) {
            EventBusListeners.warmUp(Emitter.builder(), this.delivery);
            Emitter emitter = PatternFixtures.withBackground(Emitter.create());
            EventBusListeners.addLambdas(emitter, pattern, this.listeners, this.delivery);
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
    public static class ExactName {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitterListeningTo(OrderPlaced.NAME, "exact name");
        }

    }

    @State(Scope.Thread)
    public static class SingleWildcard {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitterListeningTo("order.*", "single wildcard");
        }

    }

    @State(Scope.Thread)
    public static class MultiWildcard {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitterListeningTo("order.**", "multi wildcard");
        }

    }

}
