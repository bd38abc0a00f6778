package dev.eventbus.benchmarks.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of one JMH run, read from the file that {@code -rf json -rff FILE} writes, with the JVM and settings
 * they were measured with.
 */
final class JmhResults {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private final List<BenchmarkResult> results;

    private final String jvm;

    private final String settings;

    private JmhResults(List<BenchmarkResult> results, String jvm, String settings) {
        this.results = Collections.unmodifiableList(results);
        this.jvm = jvm;
        this.settings = settings;
    }

    /**
     * Reads a JMH JSON result file.
     * @param file the file
     * @return its results
     * @throws IllegalArgumentException when the file holds no results
     */
    static JmhResults read(Path file) {
        JsonNode root = JsonMapper.builder().build().readTree(file);
        if (!root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("No JMH results in " + file);
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (JsonNode run : root) {
            results.add(result(run));
        }
        JsonNode first = root.get(0);
        String jvm = "JDK " + first.path("jdkVersion").asString("?") + ", " + first.path("vmName").asString("?");
        String settings = "JMH " + first.path("jmhVersion").asString("?") + ", " + first.path("forks").asInt()
                + " fork, " + first.path("warmupIterations").asInt() + " × " + first.path("warmupTime").asString("?")
                + " warm-up, " + first.path("measurementIterations").asInt() + " × "
                + first.path("measurementTime").asString("?") + " measurement, -prof gc";
        return new JmhResults(results, jvm, settings);
    }

    private static BenchmarkResult result(JsonNode run) {
        String benchmark = run.path("benchmark").asString("");
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        if (method < 0 || type < 0) {
            throw new IllegalArgumentException("Not a JMH benchmark name: '" + benchmark + "'");
        }
        Map<String, String> params = new TreeMap<>();
        JsonNode paramsNode = run.path("params");
        for (String name : paramsNode.propertyNames()) {
            params.put(name, paramsNode.path(name).asString(""));
        }
        JsonNode primary = run.path("primaryMetric");
        JsonNode allocation = run.path("secondaryMetrics").path(ALLOCATION);
        double bytesPerOp = allocation.isMissingNode() ? Double.NaN : number(allocation.path("score"));
        return new BenchmarkResult(benchmark.substring(type + 1, method), benchmark.substring(method + 1), params,
                number(primary.path("score")), number(primary.path("scoreError")),
                primary.path("scoreUnit").asString("?"), bytesPerOp);
    }

    /** JMH writes {@code "NaN"} as a string where a figure could not be computed. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asString("NaN"));
        }
        catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    List<BenchmarkResult> all() {
        return this.results;
    }

    /**
     * Finds one result.
     * @param scenario the benchmark class's simple name
     * @param contender the benchmark method
     * @param params alternating parameter names and values that the result must have
     * @return the result, if the run measured it
     */
    Optional<BenchmarkResult> find(String scenario, String contender, String... params) {
        for (BenchmarkResult result : this.results) {
            if (result.scenario().equals(scenario) && result.contender().equals(contender) && has(result, params)) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    private static boolean has(BenchmarkResult result, String[] params) {
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (!result.param(params[i]).equals(params[i + 1])) {
                return false;
            }
        }
        return true;
    }

    /** The JDK and VM the run measured on, for example {@code JDK 17.0.15, OpenJDK 64-Bit Server VM}. */
    String jvm() {
        return this.jvm;
    }

    /** The run's JMH settings, for example {@code JMH 1.37, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement}. */
    String settings() {
        return this.settings;
    }

}
