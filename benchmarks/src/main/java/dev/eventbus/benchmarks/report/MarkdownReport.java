package dev.eventbus.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.eventbus.benchmarks.report.Catalogue.Role;
import dev.eventbus.benchmarks.report.LatencyResults.Latency;
import dev.eventbus.benchmarks.report.Panel.Bar;
import dev.eventbus.benchmarks.report.Targets.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * Writes a run as Markdown for {@code docs/benchmarks.md}: where and how it was measured, a table per panel (time
 * with its error, allocation, and the ratio of each contender to our bus), and the targets with their verdicts.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * Writes the report.
     * @param results the run
     * @param panels its panels
     * @param verdicts its targets, judged
     * @param machine the CPU and cores it ran on
     * @param load the machine's load average around the run, or {@code ""} when unknown
     * @param chart the chart's path relative to the document, or {@code ""} for none
     * @param latencies the per-event latencies some trials wrote beside the results, shown under their panel
     * @return the Markdown
     */
    static String write(JmhResults results, List<Panel> panels, List<Verdict> verdicts, String machine, String load,
            String chart, List<Latency> latencies) {
        StringBuilder out = new StringBuilder();
        out.append("Measured on ").append(machine).append(", ").append(results.jvm()).append("; ")
            .append(results.settings()).append('.');
        if (!load.isEmpty()) {
            out.append(" Load average around the run: ").append(load).append('.');
        }
        out.append("\n\n");
        if (!chart.isEmpty()) {
            out.append("![Time per operation of every scenario, ours against the peers](").append(chart)
                .append(")\n\n");
        }
        long met = verdicts.stream().filter((verdict) -> verdict.met().orElse(false)).count();
        long missed = verdicts.stream().filter((verdict) -> !verdict.met().orElse(true)).count();
        out.append("### Targets\n\n").append(met).append(" of ").append(verdicts.size()).append(" met, ")
            .append(missed).append(" missed")
            .append((met + missed < verdicts.size()) ? ", " + (verdicts.size() - met - missed) + " not measured" : "")
            .append(".\n\n");
        out.append("| Target | Measured | Verdict |\n|---|---|---|\n");
        for (Verdict verdict : verdicts) {
            out.append("| ").append(escape(verdict.target())).append(" | ").append(verdict.measured()).append(" | ")
                .append(verdict.status()).append(" |\n");
        }
        out.append("\n### Figures\n\n");
        out.append("Time is the mean of the measured iterations ± the half-width of its 99.9% confidence interval; "
                + "B/op is the allocation per operation from `-prof gc`; the last column compares each row with our "
                + "bus's first contender in the table.\n");
        for (Panel panel : panels) {
            table(out, panel);
            latencyTable(out, panel, latencies);
        }
        return out.toString();
    }

    /** The latencies of a panel's contenders, if their trials wrote any: percentiles over every measured event. */
    private static void latencyTable(StringBuilder out, Panel panel, List<Latency> latencies) {
        List<Bar> bars = new ArrayList<>();
        List<Latency> rows = new ArrayList<>();
        List<String> forks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Bar bar : panel.bars()) {
            List<Latency> trials = latencies.stream()
                .filter((latency) -> latency.scenario().equals(panel.scenario())
                        && latency.contender().equals(bar.result().contender())
                        && latency.params().equals(bar.result().params()))
                .toList();
            for (int i = 0; i < trials.size(); i++) {
                bars.add(bar);
                rows.add(trials.get(i));
                // one line per trial: a run of several forks has several
                forks.add((trials.size() > 1) ? ", fork " + (i + 1) : "");
                trials.get(i).percentiles().keySet().stream().filter((name) -> !names.contains(name))
                    .forEach(names::add);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\nLatency from the emit to the listener, in ms, over every event of the measured iterations:\n\n");
        out.append("| Contender | events |");
        names.forEach((name) -> out.append(' ').append(name).append(" |"));
        out.append("\n|---|--:|").append("--:|".repeat(names.size())).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Latency latency = rows.get(i);
            String label = escape(bars.get(i).contender().label());
            out.append("| ").append((bars.get(i).contender().role() == Role.OURS) ? "**" + label + "**" : label)
                .append(forks.get(i))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", latency.events())).append(" |");
            for (String name : names) {
                Double value = latency.percentiles().get(name);
                out.append(' ').append((value != null) ? Figures.number(millis(value, latency.unit())) : "")
                    .append(" |");
            }
            out.append('\n');
        }
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "ns" -> value / 1e6;
            case "us", "µs" -> value / 1e3;
            case "s" -> value * 1e3;
            default -> value;
        };
    }

    private static void table(StringBuilder out, Panel panel) {
        Bar reference = panel.reference();
        String unit = panel.unit();
        out.append("\n#### ").append(escape(panel.title())).append("\n\n");
        out.append("| Contender | ").append(unit).append(" | ± | B/op | ")
            .append((reference != null) ? "vs " + escape(reference.contender().label()) : "").append(" |\n");
        out.append("|---|--:|--:|--:|---|\n");
        for (Bar bar : panel.bars()) {
            BenchmarkResult result = bar.result();
            boolean ours = bar.contender().role() == Role.OURS;
            String label = ours ? "**" + escape(bar.contender().label()) + "**" : escape(bar.contender().label());
            out.append("| ").append(label).append(" | ").append(Figures.number(result.score())).append(" | ")
                .append(Figures.number(result.error())).append(" | ").append(Figures.bytes(result.bytesPerOp()))
                .append(" | ").append(comparison(bar, reference)).append(" |\n");
        }
    }

    /** Labels such as {@code order.**} hold Markdown's emphasis mark. */
    private static String escape(String text) {
        return text.replace("*", "\\*");
    }

    /** How a row compares with the reference, worded from the row's side. */
    private static String comparison(Bar bar, @Nullable Bar reference) {
        if (reference == null || bar == reference) {
            return "";
        }
        double ratio = bar.result().score() / reference.result().score();
        if (bar.contender().role() == Role.OURS) {
            return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
        }
        String referenceLabel = escape(reference.contender().label());
        return (ratio >= 1) ? referenceLabel + " is " + Figures.ratio(ratio) + " faster"
                : referenceLabel + " takes " + Figures.ratio(1 / ratio) + " this";
    }

}
