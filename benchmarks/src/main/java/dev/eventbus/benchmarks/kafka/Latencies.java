package dev.eventbus.benchmarks.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The emit-to-listener latencies of every event of the measured iterations, and their percentiles at the end of the
 * trial. They go to the trial's output and, when the system property {@value #FILE_PROPERTY} names a file, as one
 * JSON line per trial appended to it (JMH's forks inherit the host JVM's {@code -D} options), which
 * {@code BenchmarkReport} reads beside the run's {@code results.json}.
 */
final class Latencies {

    /** The system property naming the file that each trial appends its line to. */
    static final String FILE_PROPERTY = "eventbus.benchmarks.latencies";

    private long[] samples = new long[1 << 16];

    private int size;

    /** Adds the latencies of one batch, in nanoseconds. */
    void add(long[] batch, int count) {
        if (this.size + count > this.samples.length) {
            this.samples = Arrays.copyOf(this.samples, Math.max(this.samples.length * 2, this.size + count));
        }
        System.arraycopy(batch, 0, this.samples, this.size, count);
        this.size += count;
    }

    int size() {
        return this.size;
    }

    /**
     * The percentiles, in microseconds: nearest rank over every sample.
     * @return p50, p90, p99, p99.9 and the maximum, or an empty map without samples
     */
    Map<String, Double> percentiles() {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        if (this.size == 0) {
            return percentiles;
        }
        long[] sorted = Arrays.copyOf(this.samples, this.size);
        Arrays.sort(sorted);
        percentiles.put("p50", micros(sorted, 0.50));
        percentiles.put("p90", micros(sorted, 0.90));
        percentiles.put("p99", micros(sorted, 0.99));
        percentiles.put("p99.9", micros(sorted, 0.999));
        percentiles.put("max", sorted[sorted.length - 1] / 1_000.0);
        return percentiles;
    }

    private static double micros(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1_000.0;
    }

    /**
     * Reports the trial's latencies: a line on the output, and one in the file if one is named.
     * @param benchmark the benchmark method's full name
     * @param params the trial's parameters
     * @param receipts the receiving side's counts
     * @param firstOfBatch the latencies of the first event of each batch, reported as {@code first p50} and
     * {@code first p99}
     */
    void report(String benchmark, Map<String, String> params, Receipts receipts, Latencies firstOfBatch) {
        Map<String, Double> percentiles = percentiles();
        Map<String, Double> first = firstOfBatch.percentiles();
        if (!first.isEmpty()) {
            percentiles.put("first p50", first.get("p50"));
            percentiles.put("first p99", first.get("p99"));
        }
        StringBuilder line = new StringBuilder(benchmark).append(params.isEmpty() ? "" : " " + params)
            .append(": ").append(this.size).append(" events measured, emit to listener");
        percentiles.forEach((name, value) -> line.append(String.format(Locale.ROOT, " %s %.0f µs", name, value)));
        line.append("; ").append(receipts.received()).append(" received from ").append(receipts.customers())
            .append(" customers, ").append(receipts.outOfOrder()).append(" out of their customer's order");
        System.out.println(line);
        String file = System.getProperty(FILE_PROPERTY, "");
        if (file.isBlank()) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", benchmark);
        json.put("params", params);
        json.put("events", this.size);
        json.put("unit", "us");
        json.put("percentiles", percentiles);
        json.put("received", receipts.received());
        json.put("customers", receipts.customers());
        json.put("outOfOrder", receipts.outOfOrder());
        try {
            Path path = Path.of(file);
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, JsonMapper.builder().build().writeValueAsString(json) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot append the latencies to " + file, ex);
        }
    }

}
