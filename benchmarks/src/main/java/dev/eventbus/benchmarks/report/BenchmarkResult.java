package dev.eventbus.benchmarks.report;

import java.util.Map;

/**
 * One benchmark method with one combination of parameters, as a JMH run measured it.
 *
 * @param scenario the benchmark class's simple name, for example {@code SyncEmitBenchmark}
 * @param contender the benchmark method, for example {@code guava}
 * @param params the parameters, for example {@code listeners=1}
 * @param score the mean time per operation, in {@code unit}
 * @param error the half-width of the 99.9% confidence interval ({@code NaN} with a single iteration)
 * @param unit JMH's unit, for example {@code ns/op}
 * @param bytesPerOp the bytes allocated per operation ({@code gc.alloc.rate.norm}), {@code NaN} without
 * {@code -prof gc}
 */
record BenchmarkResult(String scenario, String contender, Map<String, String> params, double score, double error,
        String unit, double bytesPerOp) {

    BenchmarkResult {
        params = Map.copyOf(params);
    }

    /**
     * The value of a parameter.
     * @param name the parameter
     * @return its value, or {@code ""} when this benchmark has no such parameter
     */
    String param(String name) {
        return this.params.getOrDefault(name, "");
    }

    /**
     * Whether this result allocates nothing that the GC profiler can see: below one byte per operation, which is
     * what JMH's noise floor for a non-allocating benchmark looks like.
     * @return whether it is allocation-free
     */
    boolean allocationFree() {
        return this.bytesPerOp < 1;
    }

}
