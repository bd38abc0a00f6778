package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end: the time from the first of {@value AsyncListeners#BATCH} posts until the one async listener has run
 * for all of them on the executor's thread. One operation is one batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncEndToEndBenchmark {

    @Benchmark
    public void eventBus(AsyncContenders.EventBusAsync state) {
        state.postBatchAndWait();
    }

    @Benchmark
    public void guava(AsyncContenders.GuavaAsync state) {
        state.postBatchAndWait();
    }

    @Benchmark
    public void greenrobot(AsyncContenders.GreenrobotAsync state) {
        state.postBatchAndWait();
    }

}
