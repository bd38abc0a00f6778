package dev.eventbus.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventbus.benchmarks.report.LatencyResults.Latency;
import dev.eventbus.benchmarks.report.Targets.Verdict;

/**
 * Turns the JSON of a JMH run of the suite into the chart and the Markdown of {@code docs/benchmarks.md}.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.eventbus.benchmarks.report.BenchmarkReport
 * RESULTS.json [--png FILE] [--markdown FILE] [--doc FILE] [--machine TEXT] [--load TEXT]}, where {@code --doc}
 * replaces what lies between the {@value #BEGIN} and {@value #END} lines of a document with the Markdown, and puts
 * the chart there with a path relative to the document. Latencies that trials wrote to
 * {@value LatencyResults#FILE} beside the results file are shown under their scenario's table.
 */
public final class BenchmarkReport {

    static final String BEGIN = "<!-- benchmark-report:begin -->";

    static final String END = "<!-- benchmark-report:end -->";

    private BenchmarkReport() {
    }

    /**
     * Writes the report.
     * @param args the results file, then options
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("Usage: BenchmarkReport RESULTS.json [--png FILE] [--markdown FILE] "
                    + "[--doc FILE] [--machine TEXT] [--load TEXT]");
        }
        Map<String, String> options = options(args);
        JmhResults results = JmhResults.read(Path.of(args[0]));
        List<Panel> panels = Panel.of(results.all());
        List<Verdict> verdicts = Targets.judge(results);
        List<Latency> latencies = LatencyResults.besides(Path.of(args[0]));
        String machine = options.getOrDefault("--machine", "an unnamed machine");
        String load = options.getOrDefault("--load", "");
        String png = options.get("--png");
        if (png != null) {
            ChartRenderer.render(panels, machine + " · " + results.jvm() + " · " + results.settings(), Path.of(png));
            System.out.println("Chart: " + png);
        }
        String markdownFile = options.get("--markdown");
        if (markdownFile != null) {
            write(Path.of(markdownFile), MarkdownReport.write(results, panels, verdicts, machine, load,
                    (png != null) ? relative(Path.of(markdownFile), Path.of(png)) : "", latencies));
            System.out.println("Tables: " + markdownFile);
        }
        String doc = options.get("--doc");
        if (doc != null) {
            Path document = Path.of(doc);
            String markdown = MarkdownReport.write(results, panels, verdicts, machine, load,
                    (png != null) ? relative(document, Path.of(png)) : "", latencies);
            write(document, replaceGenerated(Files.readString(document), markdown, document));
            System.out.println("Updated: " + doc);
        }
        for (Verdict verdict : verdicts) {
            System.out.println(String.format("%-13s %s: %s", verdict.status().replace("*", ""), verdict.target(),
                    verdict.measured()));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> known = List.of("--png", "--markdown", "--doc", "--machine", "--load");
        for (int i = 1; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unknown option or missing value: '" + args[i] + "'; options are "
                        + known);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    static String replaceGenerated(String document, String markdown, Path where) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + " has no '" + BEGIN + "' line followed by an '" + END
                    + "' line to put the report between");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + markdown + "\n" + document.substring(end);
    }

    private static String relative(Path from, Path to) {
        Path directory = from.toAbsolutePath().normalize().getParent();
        Path target = to.toAbsolutePath().normalize();
        return ((directory != null) ? directory.relativize(target) : target).toString().replace('\\', '/');
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }

}
