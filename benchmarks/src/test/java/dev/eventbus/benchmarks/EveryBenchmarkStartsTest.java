package dev.eventbus.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke check of the default build: every benchmark, with every parameter value, sets up (which proves that
 * each contender delivers to the listeners it claims), runs one short iteration and tears down without an error.
 * The startup scenario runs with its smallest class count only: its larger one generates ten times as many classes
 * through the same code, which would triple the time of this test and prove nothing more.
 * It measures nothing; the figures come from {@code benchmarks/run-suite.sh}.
 * <p>
 * It neither takes nor waits for the machine-wide {@code jmh.lock}: the build sets {@code jmh.ignoreLock}, so a real
 * benchmark run on the same machine neither fails this test nor is failed by it.
 */
class EveryBenchmarkStartsTest {

    private static final String STARTUP_CLASSES = "classes";

    private static final String SMOKE_STARTUP_CLASSES = "100";

    @Test
    void everyBenchmarkWithEveryParameterRunsOneIterationWithoutError() throws RunnerException {
        assertThat(Boolean.getBoolean("jmh.ignoreLock")).as("jmh.ignoreLock, set by the build").isTrue();
        Options options = new OptionsBuilder().include("dev\\.eventbus\\.benchmarks\\..*")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(20))
            .param(STARTUP_CLASSES, SMOKE_STARTUP_CLASSES)
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        Collection<RunResult> results = new Runner(options).run();

        List<String> ran = new ArrayList<>();
        for (RunResult result : results) {
            ran.add(result.getParams().getBenchmark() + paramsOf(result));
            assertThat(result.getPrimaryResult().getSampleCount()).as(result.getParams().getBenchmark()).isPositive();
            assertThat(result.getSecondaryResults()).as(result.getParams().getBenchmark())
                .containsKey("gc.alloc.rate.norm");
        }
        List<String> declared = declaredBenchmarks();
        assertThat(declared).as("benchmarks listed by the annotation processor").isNotEmpty();
        assertThat(ran).containsExactlyInAnyOrderElementsOf(declared);
    }

    /** Every benchmark method times every combination of its parameters, as the annotation processor listed them. */
    private static List<String> declaredBenchmarks() {
        List<String> declared = new ArrayList<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
            .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            List<Map<String, String>> combinations = new ArrayList<>();
            combinations.add(new TreeMap<>());
            for (Map.Entry<String, String[]> param : entry.getParams().orElse(Map.of()).entrySet()) {
                String[] values = STARTUP_CLASSES.equals(param.getKey()) ? new String[] { SMOKE_STARTUP_CLASSES }
                        : param.getValue();
                List<Map<String, String>> extended = new ArrayList<>();
                for (Map<String, String> combination : combinations) {
                    for (String value : values) {
                        Map<String, String> next = new TreeMap<>(combination);
                        next.put(param.getKey(), value);
                        extended.add(next);
                    }
                }
                combinations = extended;
            }
            for (Map<String, String> combination : combinations) {
                declared.add(entry.getUsername() + combination);
            }
        }
        return declared;
    }

    private static String paramsOf(RunResult result) {
        Map<String, String> params = new TreeMap<>();
        for (String key : result.getParams().getParamsKeys()) {
            params.put(key, result.getParams().getParam(key));
        }
        return params.toString();
    }

}
