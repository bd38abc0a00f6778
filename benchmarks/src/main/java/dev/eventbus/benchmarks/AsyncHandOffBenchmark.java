package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer's cost of handing one event to one async listener: the time spent in
 * {@value AsyncListeners#BATCH} posts in a row, per post, while the executor's thread consumes them. The wait for
 * the batch to drain happens between invocations, outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncHandOffBenchmark {

    @Benchmark
    @OperationsPerInvocation(AsyncListeners.BATCH)
    public void eventBus(EventBus state) {
        for (int i = 0; i < AsyncListeners.BATCH; i++) {
            state.emitter.emit(OrderPlaced.NAME, state.payload);
        }
    }

    @Benchmark
    @OperationsPerInvocation(AsyncListeners.BATCH)
    public void guava(Guava state) {
        for (int i = 0; i < AsyncListeners.BATCH; i++) {
            state.bus.post(state.payload);
        }
    }

    @Benchmark
    @OperationsPerInvocation(AsyncListeners.BATCH)
    public void greenrobot(Greenrobot state) {
        for (int i = 0; i < AsyncListeners.BATCH; i++) {
            state.bus.post(state.payload);
        }
    }

    @State(Scope.Thread)
    public static class EventBus extends AsyncContenders.EventBusAsync {

        @TearDown(Level.Invocation)
        public void drain() {
            this.arrivals.await(name(), AsyncListeners.BATCH);
        }

    }

    @State(Scope.Thread)
    public static class Guava extends AsyncContenders.GuavaAsync {

        @TearDown(Level.Invocation)
        public void drain() {
            this.arrivals.await(name(), AsyncListeners.BATCH);
        }

    }

    @State(Scope.Thread)
    public static class Greenrobot extends AsyncContenders.GreenrobotAsync {

        @TearDown(Level.Invocation)
        public void drain() {
            this.arrivals.await(name(), AsyncListeners.BATCH);
        }

    }

}
