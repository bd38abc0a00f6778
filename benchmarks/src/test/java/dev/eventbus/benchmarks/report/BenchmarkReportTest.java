package dev.eventbus.benchmarks.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkReportTest {

    @TempDir
    Path directory;

    @Test
    void writesTheChartTheTablesAndTheVerdictsOfARun() throws IOException {
        Path results = results(
                result("SyncEmitBenchmark.direct", "listeners", "1", 2.0, 0.1, "ns/op", 0.0001),
                result("SyncEmitBenchmark.eventBusOn", "listeners", "1", 5.0, 0.2, "ns/op", 0.0002),
                result("SyncEmitBenchmark.guava", "listeners", "1", 60.0, 3.0, "ns/op", 368),
                result("SyncEmitBenchmark.spring", "listeners", "1", 40.0, 3.0, "ns/op", 698),
                result("AsyncHandOffBenchmark.eventBus", null, null, 80.0, 5.0, "ns/op", 96),
                result("AsyncHandOffBenchmark.guava", null, null, 70.0, 5.0, "ns/op", 200),
                result("PatternBenchmark.multiWildcard", "listeners", "1", 30.0, 1.0, "ns/op", 0),
                result("StartupBenchmark.plainBeans", "classes", "100", 20.0, 1.0, "ms/op", 1e6),
                result("StartupBenchmark.plainBeansWithStarter", "classes", "100", 120.0, 1.0, "ms/op", 2e6),
                result("StartupBenchmark.eventBusOn", "classes", "100", 150.0, 1.0, "ms/op", 8e6),
                result("StartupBenchmark.springEventListener", "classes", "100", 80.0, 1.0, "ms/op", 5e6));
        Path png = this.directory.resolve("chart.png");
        Path markdown = this.directory.resolve("report.md");

        BenchmarkReport.main(new String[] { results.toString(), "--png", png.toString(), "--markdown",
                markdown.toString(), "--machine", "Test CPU, 2 cores" });

        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(1600);
        assertThat(chart.getHeight()).isGreaterThan(300);
        String report = Files.readString(markdown);
        assertThat(report).contains("Measured on Test CPU, 2 cores, JDK 17.0.15, OpenJDK 64-Bit Server VM")
            .contains("#### Sync emit, 1 argument, 1 listener")
            .contains("| Guava EventBus | 60.0 | 3.00 | 368 | event bus, @On is 12.0× faster |")
            .contains("| direct call (floor) | 2.00 | 0.10 | 0 | event bus, @On takes 2.50× this |")
            .contains("| event bus, @On, 1 listener: at most 3× the direct call | 2.50× | met |")
            .contains("| event bus, @On, 1 listener: at least 10× faster than Spring | 8.00× faster | **missed** |")
            .contains("| event bus, @On, 1 listener: 0 B/op | 0 B/op | met |")
            .contains("faster than Guava AsyncEventBus | 1.1× slower | **missed** |")
            .contains("| event bus, lambda, 1 listener: at most 3× the direct call | — | not measured |")
            .contains("| **order.\\*\\*** | 30.0 | 1.00 | 0 |  |")
            .contains("registering @On no slower than registering @EventListener (context start minus the same beans "
                    + "without annotations) | 30.0 ms vs 60.0 ms (whole context: 150 ms vs 80.0 ms) | met |");
        assertThat(report.indexOf("#### Sync emit")).as("sync before async").isLessThan(report.indexOf("#### Async"));
    }

    @Test
    void judgesDeliveryAcrossInstancesAndShowsTheLatenciesWrittenBesideTheResults() throws IOException {
        Path results = results(result("kafka.KafkaDeliveryBenchmark.eventBus", null, null, 50.0, 5.0, "us/op", 9000),
                result("kafka.KafkaDeliveryBenchmark.kafkaTemplate", null, null, 25.0, 2.0, "us/op", 4000));
        Files.writeString(this.directory.resolve(LatencyResults.FILE), String.join("\n",
                "{\"benchmark\":\"dev.eventbus.benchmarks.kafka.KafkaDeliveryBenchmark.eventBus\",\"params\":{},"
                        + "\"events\":100000,\"unit\":\"us\",\"percentiles\":{\"p50\":20135.0,\"p99\":56331.5,"
                        + "\"max\":239309.0}}",
                "{\"benchmark\":\"dev.eventbus.benchmarks.kafka.KafkaDeliveryBenchmark.kafkaTemplate\",\"params\":{},"
                        + "\"events\":200000,\"unit\":\"us\",\"percentiles\":{\"p50\":13828.0,\"p99\":54840.0,"
                        + "\"max\":101257.0}}", ""));
        Path markdown = this.directory.resolve("report.md");

        BenchmarkReport.main(new String[] { results.toString(), "--markdown", markdown.toString() });

        String report = Files.readString(markdown);
        assertThat(report).contains("#### Across instances over Kafka, per event (batches of 1,000)")
            .contains("| **event bus, @On(instances = ONE)** | 50.0 | 5.00 | 9,000 |  |")
            .contains("| KafkaTemplate + @KafkaListener (floor) | 25.0 | 2.00 | 4,000 | event bus, @On(instances = ONE) "
                    + "takes 2.00× this |")
            .contains("at least 0.8× the events per second of KafkaTemplate + @KafkaListener, in order per key | "
                    + "0.50× (20,000 vs 40,000 events/s) | **missed** |")
            .contains("| Contender | events | p50 | p99 | max |")
            .contains("| **event bus, @On(instances = ONE)** | 100,000 | 20.1 | 56.3 | 239 |")
            .contains("| KafkaTemplate + @KafkaListener (floor) | 200,000 | 13.8 | 54.8 | 101 |");
    }

    @Test
    void replacesOnlyTheGeneratedPartOfADocument() {
        String document = "# Title\n\nProse.\n\n" + BenchmarkReport.BEGIN + "\nold figures\n" + BenchmarkReport.END
                + "\n\nMore prose.\n";

        String updated = BenchmarkReport.replaceGenerated(document, "new figures", Path.of("doc.md"));

        assertThat(updated).isEqualTo("# Title\n\nProse.\n\n" + BenchmarkReport.BEGIN + "\nnew figures\n"
                + BenchmarkReport.END + "\n\nMore prose.\n");
    }

    @Test
    void refusesADocumentWithoutMarkers() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> BenchmarkReport.replaceGenerated("# Title\n", "figures", Path.of("docs/x.md")))
            .withMessageContaining("docs/x.md")
            .withMessageContaining(BenchmarkReport.BEGIN);
    }

    private Path results(String... results) throws IOException {
        Path file = this.directory.resolve("results.json");
        Files.writeString(file, "[" + String.join(",", results) + "]");
        return file;
    }

    private static String result(String benchmark, String param, String value, double score, double error,
            String unit, double bytes) {
        List<String> fields = new ArrayList<>();
        fields.add("\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.eventbus.benchmarks." + benchmark + "\"");
        fields.add("\"mode\": \"avgt\", \"forks\": 1, \"jdkVersion\": \"17.0.15\", "
                + "\"vmName\": \"OpenJDK 64-Bit Server VM\", \"warmupIterations\": 3, \"warmupTime\": \"1 s\", "
                + "\"measurementIterations\": 5, \"measurementTime\": \"1 s\"");
        if (param != null) {
            fields.add("\"params\": {\"" + param + "\": \"" + value + "\"}");
        }
        fields.add("\"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error + ", \"scoreUnit\": \""
                + unit + "\"}");
        fields.add("\"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": " + bytes
                + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"B/op\"}}");
        return "{" + String.join(", ", fields) + "}";
    }

}
