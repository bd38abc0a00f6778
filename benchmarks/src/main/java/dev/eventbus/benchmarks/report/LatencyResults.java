package dev.eventbus.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latency percentiles that benchmarks measuring per-event latency (the Kafka benchmark) write at the end of each
 * trial, one JSON line per trial, to the file named by {@code -Deventbus.benchmarks.latencies}; {@code run-suite.sh}
 * puts it beside the run's {@code results.json} as {@value #FILE}.
 */
final class LatencyResults {

    /** The file's name, beside {@code results.json}. */
    static final String FILE = "latencies.jsonl";

    private LatencyResults() {
    }

    /**
     * One trial's latencies.
     * @param scenario the benchmark class's simple name
     * @param contender the benchmark method
     * @param params its parameters
     * @param events how many events were measured
     * @param unit the unit of the percentiles
     * @param percentiles by name ({@code p50}, {@code p99}, {@code max}...), in order
     */
    record Latency(String scenario, String contender, Map<String, String> params, long events, String unit,
            Map<String, Double> percentiles) {
    }

    /**
     * Reads the latencies beside a results file.
     * @param results the run's {@code results.json}
     * @return the trials' latencies, none when the run wrote none
     */
    static List<Latency> besides(Path results) {
        Path file = results.toAbsolutePath().resolveSibling(FILE);
        return Files.isRegularFile(file) ? read(file) : List.of();
    }

    static List<Latency> read(Path file) {
        JsonMapper mapper = JsonMapper.builder().build();
        List<Latency> latencies = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = mapper.readTree(line);
                String benchmark = node.path("benchmark").asString("");
                int method = benchmark.lastIndexOf('.');
                int type = benchmark.lastIndexOf('.', method - 1);
                if (method < 0 || type < 0) {
                    throw new IllegalArgumentException("Not a JMH benchmark name in " + file + ": '" + benchmark + "'");
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (String name : node.path("params").propertyNames()) {
                    params.put(name, node.path("params").path(name).asString(""));
                }
                Map<String, Double> percentiles = new LinkedHashMap<>();
                for (String name : node.path("percentiles").propertyNames()) {
                    percentiles.put(name, node.path("percentiles").path(name).asDouble());
                }
                latencies.add(new Latency(benchmark.substring(type + 1, method), benchmark.substring(method + 1),
                        params, node.path("events").asLong(), node.path("unit").asString("us"), percentiles));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
        return latencies;
    }

}
