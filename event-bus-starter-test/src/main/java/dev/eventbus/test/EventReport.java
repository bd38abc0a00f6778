package dev.eventbus.test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.presentation.StandardRepresentation;
import org.jspecify.annotations.Nullable;

/**
 * Writes recorded events for failure messages, one line each, so that a failed expectation shows what was recorded
 * instead.
 */
final class EventReport {

    /** Past this many events a list is cut short, with a count of the rest. */
    private static final int MAX_LINES = 50;

    private EventReport() {
    }

    static String expecting(String what, Duration wait) {
        return "Expecting " + (wait.isZero() ? "" : "within " + duration(wait) + " ") + what + "\n";
    }

    static String recorded(RecordedEvents events) {
        return "\n" + list(events.all(), events.isRecording());
    }

    static String list(List<RecordedEvent> events, boolean recording) {
        StringBuilder report = new StringBuilder();
        if (events.isEmpty()) {
            report.append("No event was recorded.");
        }
        else {
            report.append("Recorded events (").append(events.size()).append("):");
            lines(report, events);
        }
        if (!recording) {
            report.append("\n(Nothing is being recorded now: in a Spring test, annotate the test class with "
                    + "@RecordEvents.)");
        }
        return report.toString();
    }

    static String lines(List<RecordedEvent> events) {
        StringBuilder lines = new StringBuilder();
        lines(lines, events);
        return lines.toString();
    }

    private static void lines(StringBuilder report, List<RecordedEvent> events) {
        int shown = Math.min(events.size(), MAX_LINES);
        for (int i = 0; i < shown; i++) {
            report.append("\n  ").append(line(events.get(i)));
        }
        if (events.size() > shown) {
            report.append("\n  ... and ").append(events.size() - shown).append(" more");
        }
    }

    /**
     * One event, such as {@code 3. order.placed [Order[id=1]] failed: OutOfStockException: ...; ran audit#record,
     * inventory#reserve (failed: ...)}.
     */
    static String line(RecordedEvent event) {
        StringBuilder line = new StringBuilder().append(event.position())
            .append(". ")
            .append(event.name())
            .append(' ')
            .append(values(event.args()));
        if (event.emittedAsync()) {
            line.append(" (emitAsync)");
        }
        line.append(' ').append(event.outcome().name().toLowerCase());
        Throwable failure = event.failure();
        if (failure != null) {
            line.append(": ").append(describe(failure));
        }
        List<ListenerCall> listeners = event.listeners();
        if (!listeners.isEmpty()) {
            line.append("; ran ")
                .append(listeners.stream().map(ListenerCall::toString).collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    static String values(List<? extends @Nullable Object> values) {
        return values.stream().map(EventReport::value).collect(Collectors.joining(", ", "[", "]"));
    }

    static String value(@Nullable Object value) {
        return StandardRepresentation.STANDARD_REPRESENTATION.toStringOf(value);
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
    }

}
