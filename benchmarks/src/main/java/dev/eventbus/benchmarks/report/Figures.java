package dev.eventbus.benchmarks.report;

import java.util.Locale;

/**
 * How the report writes numbers: three significant digits for times, whole bytes for allocation, so that the chart
 * and the tables agree.
 */
final class Figures {

    private Figures() {
    }

    /**
     * A time or any other measured figure, with three significant digits.
     * @param value the figure
     * @return it written out, {@code "?"} when it is not a number
     */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "?";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * Bytes allocated per operation, in whole bytes.
     * @param value the figure
     * @return it written out, {@code "?"} when it was not measured
     */
    static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        return (value < 1) ? "0" : String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * Bytes allocated per operation, shortened for a chart label: {@code 96 B}, {@code 18.2 kB}, {@code 27.7 MB}.
     * @param value the figure
     * @return it written out, {@code "?"} when it was not measured
     */
    static String shortBytes(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        if (value >= 1_000_000) {
            return number(value / 1_000_000) + " MB";
        }
        if (value >= 10_000) {
            return number(value / 1_000) + " kB";
        }
        return bytes(value) + " B";
    }

    /**
     * A ratio, such as {@code 12.3×}.
     * @param value the ratio
     * @return it written out
     */
    static String ratio(double value) {
        return number(value) + "×";
    }

    /**
     * How our time compares with another's, from their time divided by ours: {@code 12.0× faster} for 12, and a
     * ratio below 1 turned round, with one decimal: {@code 1.7× slower} for 0.58, never {@code 0.58× faster}.
     * @param othersOverOurs the other contender's time divided by ours
     * @return it written out
     */
    static String speed(double othersOverOurs) {
        if (othersOverOurs < 1) {
            return String.format(Locale.ROOT, "%.1f× slower", 1 / othersOverOurs);
        }
        return ratio(othersOverOurs) + " faster";
    }

    /**
     * The unit of a single figure, without the per-operation: {@code ns}, {@code µs} or {@code ms}.
     * @param unit JMH's unit, for example {@code ns/op}
     * @return the short unit
     */
    static String timeUnit(String unit) {
        String time = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        return time.equals("us") ? "µs" : time;
    }

}
