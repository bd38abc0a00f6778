package dev.eventbus.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import dev.eventbus.core.EventPattern;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.springframework.util.Assert;

/**
 * AssertJ assertions on {@link RecordedEvents}, reached through {@code assertThat(events)}. Patterns are matched
 * as listener patterns are ({@code order.*}, {@code order.**}). A failure names the expectation and lists the events
 * that were recorded instead.
 * <p>
 * Assertions check the events recorded so far; after {@link #within(Duration)} the positive ones wait, up to the
 * timeout, for events whose dispatch has ended to satisfy them (for async work still to come).
 */
public class RecordedEventsAssert extends AbstractAssert<RecordedEventsAssert, RecordedEvents> {

    private Duration wait = Duration.ZERO;

    /**
     * Creates assertions on recorded events; prefer {@code assertThat(events)}.
     * @param events the recorded events
     */
    public RecordedEventsAssert(RecordedEvents events) {
        super(events, RecordedEventsAssert.class);
    }

    /**
     * Makes the assertions that follow wait until they hold, up to a timeout, instead of checking at once: for
     * events emitted by async listeners or other threads. Only events whose dispatch has ended count then. There is
     * no race with work started before this call: events recorded earlier count too.
     * <pre class="code">
     * assertThat(events).within(Duration.ofSeconds(5)).emitted("order.paid").withArgs(order);
     * </pre>
     * @param timeout the longest to wait
     * @return this assertion, waiting
     * @throws IllegalArgumentException when the timeout is negative
     */
    public RecordedEventsAssert within(Duration timeout) {
        Assert.notNull(timeout, "Timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout must not be negative, but was " + timeout);
        }
        this.wait = timeout;
        return this;
    }

    /**
     * Verifies that at least one emit matches a name or pattern, and narrows the assertions that follow to those
     * emits: {@code emitted("order.placed").withArgs(order).handledBy("inventory#reserve")} needs one emit that
     * satisfies all of them.
     * @param pattern the name or pattern
     * @return assertions on the matching emits
     * @throws IllegalArgumentException when the pattern is invalid, quoting it
     */
    public EmittedEventsAssert emitted(String pattern) {
        EventPattern parsed = EventPattern.parse(pattern);
        EmittedEventsAssert emitted = new EmittedEventsAssert(this.actual, this.wait);
        emitted.as(this.info.description());
        return emitted.first((event) -> parsed.matches(event.name()), target(pattern));
    }

    /**
     * Verifies that no emit so far matches any of these names or patterns.
     * @param patterns the names or patterns
     * @return this assertion
     * @throws IllegalStateException after {@link #within(Duration)}: an absence cannot be waited for
     */
    public RecordedEventsAssert notEmitted(String... patterns) {
        requireNotWaiting("notEmitted");
        List<EventPattern> parsed = Arrays.stream(patterns).map(EventPattern::parse).toList();
        List<RecordedEvent> found = this.actual.stream()
            .filter((event) -> parsed.stream().anyMatch((pattern) -> pattern.matches(event.name())))
            .toList();
        if (!found.isEmpty()) {
            failWithMessage("%s", EventReport.expecting("no emit " + targets(patterns), Duration.ZERO)
                    + "but found:" + EventReport.lines(found) + "\n" + EventReport.list(this.actual.all(), true));
        }
        return this;
    }

    /**
     * Verifies that nothing was emitted so far.
     * @return this assertion
     * @throws IllegalStateException after {@link #within(Duration)}: an absence cannot be waited for
     */
    public RecordedEventsAssert nothingEmitted() {
        requireNotWaiting("nothingEmitted");
        List<RecordedEvent> all = this.actual.all();
        if (!all.isEmpty()) {
            failWithMessage("%s", EventReport.expecting("no emit", Duration.ZERO) + "but found:"
                    + EventReport.lines(all));
        }
        return this;
    }

    /**
     * Verifies that emits matching these names or patterns happened in this order, other emits possibly in
     * between: {@code emittedInOrder("order.placed", "order.paid")}. Events are ordered by the start of their
     * emit, so an emit made by a listener comes after the emit that called it.
     * @param patterns the names or patterns, in the expected order
     * @return this assertion
     * @throws IllegalArgumentException when a pattern is invalid, quoting it
     */
    public RecordedEventsAssert emittedInOrder(String... patterns) {
        Assert.notEmpty(patterns, "At least one event name or pattern is required");
        List<EventPattern> parsed = Arrays.stream(patterns).map(EventPattern::parse).toList();
        List<RecordedEvent> sequence = this.actual.poll((events) -> {
            List<RecordedEvent> found = inOrder(counted(events), parsed);
            return (found.size() == parsed.size()) ? found : null;
        }, this.wait);
        if (sequence == null) {
            List<RecordedEvent> found = inOrder(counted(this.actual.all()), parsed);
            String why = found.isEmpty() ? "but no emit matched '" + patterns[0] + "'"
                    : "but after '" + found.get(found.size() - 1).name() + "' (" + found.get(found.size() - 1)
                        .position() + ".) no emit matched '" + patterns[found.size()] + "'";
            failWithMessage("%s", EventReport.expecting("emits in this order: " + quoted(patterns), this.wait) + why
                    + "." + EventReport.recorded(this.actual));
        }
        return this;
    }

    /**
     * Assertions on the names of the events recorded so far, in order, with AssertJ's list assertions:
     * {@code names().containsExactly("order.placed", "order.paid")}.
     * @return assertions on the names
     */
    public ListAssert<String> names() {
        return Assertions.assertThat(this.actual.names()).as(this.info.description());
    }

    private List<RecordedEvent> counted(List<RecordedEvent> events) {
        return this.wait.isZero() ? events : events.stream().filter(RecordedEvent::isDispatched).toList();
    }

    private static List<RecordedEvent> inOrder(List<RecordedEvent> events, List<EventPattern> patterns) {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (found.size() < patterns.size() && patterns.get(found.size()).matches(event.name())) {
                found.add(event);
            }
        }
        return found;
    }

    private void requireNotWaiting(String assertion) {
        if (!this.wait.isZero()) {
            throw new IllegalStateException(assertion + "() checks the events recorded so far and cannot wait: "
                    + "call it without within(...)");
        }
    }

    static String target(String pattern) {
        return (pattern.indexOf('*') >= 0 ? "matching '" : "of '") + pattern + "'";
    }

    private static String targets(String... patterns) {
        return (patterns.length == 1) ? target(patterns[0]) : "matching any of " + quoted(patterns);
    }

    private static String quoted(String... values) {
        StringBuilder quoted = new StringBuilder();
        for (String value : values) {
            quoted.append((quoted.length() > 0) ? ", '" : "'").append(value).append('\'');
        }
        return quoted.toString();
    }

    /** The filter every assertion starts from: every event, or, when waiting, those whose dispatch ended. */
    static Predicate<RecordedEvent> base(Duration wait) {
        return wait.isZero() ? (event) -> true : RecordedEvent::isDispatched;
    }

}
