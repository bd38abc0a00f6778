package dev.eventbus.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eventbus.benchmarks.report.Catalogue.Contender;
import dev.eventbus.benchmarks.report.Catalogue.Role;
import org.jspecify.annotations.Nullable;

/**
 * The contenders of one scenario with one set of parameters, side by side: one panel of the chart, one table of the
 * report.
 *
 * @param scenario the benchmark class's simple name
 * @param title what the reader sees
 * @param unit the unit of every bar, for example {@code ns/op}
 * @param bars the contenders, in the catalogue's order
 */
record Panel(String scenario, String title, String unit, List<Bar> bars) {

    /**
     * One contender's figures.
     * @param contender who
     * @param result what was measured
     */
    record Bar(Contender contender, BenchmarkResult result) {
    }

    /**
     * The bar the ratios of this panel are relative to: the first of our bus.
     * @return the reference, or {@code null} when the panel has none of ours
     */
    @Nullable Bar reference() {
        for (Bar bar : this.bars) {
            if (bar.contender().role() == Role.OURS) {
                return bar;
            }
        }
        return null;
    }

    /**
     * Groups results into panels: one per scenario and parameter values, scenarios in the catalogue's order, then by
     * numeric parameter values.
     * @param results a run's results
     * @return the panels
     */
    static List<Panel> of(List<BenchmarkResult> results) {
        Map<String, List<BenchmarkResult>> groups = new LinkedHashMap<>();
        List<BenchmarkResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt((BenchmarkResult result) -> Catalogue.scenarioOrder(result.scenario()))
            .thenComparing(BenchmarkResult::scenario)
            .thenComparing(Panel::paramsKey));
        for (BenchmarkResult result : sorted) {
            groups.computeIfAbsent(result.scenario() + " " + result.params(), (key) -> new ArrayList<>()).add(result);
        }
        List<Panel> panels = new ArrayList<>();
        for (List<BenchmarkResult> group : groups.values()) {
            BenchmarkResult first = group.get(0);
            group.sort(Comparator.comparingInt((BenchmarkResult result) -> Catalogue.contenderOrder(result.scenario(),
                    result.contender()))
                .thenComparing(BenchmarkResult::contender));
            List<Bar> bars = new ArrayList<>();
            for (BenchmarkResult result : group) {
                bars.add(new Bar(Catalogue.contender(result.scenario(), result.contender()), result));
            }
            panels.add(new Panel(first.scenario(), Catalogue.title(first.scenario(), first.params()), first.unit(),
                    bars));
        }
        return panels;
    }

    /** Orders 0, 1, 10, 100, 1000 as numbers, not as text. */
    private static String paramsKey(BenchmarkResult result) {
        StringBuilder key = new StringBuilder();
        for (Map.Entry<String, String> param : result.params().entrySet()) {
            String value = param.getValue();
            key.append(param.getKey()).append('=');
            key.append(value.matches("\\d{1,12}") ? String.format("%012d", Long.parseLong(value)) : value).append(';');
        }
        return key.toString();
    }

}
