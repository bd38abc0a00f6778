package dev.eventbus.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * AssertJ assertions on the emits of one name or pattern, from {@link RecordedEventsAssert#emitted(String)}. Each
 * assertion narrows the emits the next one looks at, so a chain needs one emit that satisfies all of it:
 * <pre class="code">
 * assertThat(events).emitted("order.placed").withArgs(order).handledBy("inventory#reserve");
 * </pre>
 * After {@link RecordedEventsAssert#within(Duration)}, every assertion of the chain waits until it holds, up to the
 * timeout. A failure names the whole expectation and lists the emits that came closest, then every recorded event.
 */
public class EmittedEventsAssert extends AbstractAssert<EmittedEventsAssert, RecordedEvents> {

    private final Duration wait;

    private Predicate<RecordedEvent> filter;

    /** What the chain so far asks for, after "an emit " or "the emits ": {@code of 'order.placed' with args [1]}. */
    private String target = "";

    private int qualifiers;

    private List<RecordedEvent> matches = List.of();

    EmittedEventsAssert(RecordedEvents events, Duration wait) {
        super(events, EmittedEventsAssert.class);
        this.wait = wait;
        this.filter = RecordedEventsAssert.base(wait);
    }

    /**
     * Verifies that one of the emits had exactly these arguments, compared with {@code equals} (arrays by content).
     * @param args the expected arguments, in order
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert withArgs(@Nullable Object... args) {
        @Nullable Object[] expected = (args != null) ? args : new Object[] { null };
        return narrow((event) -> sameValues(event.args(), expected),
                "with args " + EventReport.values(Arrays.asList(expected)));
    }

    /**
     * Verifies that one of the emits had this argument at this position, compared with {@code equals}.
     * @param index the argument's position, from 0
     * @param expected the expected argument
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert withArg(int index, @Nullable Object expected) {
        return narrow((event) -> index < event.args().size() && Objects.deepEquals(event.arg(index), expected),
                "with argument " + index + " " + EventReport.value(expected));
    }

    /**
     * Verifies that one of the emits had, at this position, an argument of this type that satisfies a predicate:
     * {@code withArgMatching(0, Order.class, order -> order.amount().signum() > 0)}.
     * @param <T> the argument's type
     * @param index the argument's position, from 0
     * @param type the argument's expected type
     * @param predicate what the argument must satisfy
     * @return this assertion, narrowed to those emits
     */
    public <T> EmittedEventsAssert withArgMatching(int index, Class<T> type, Predicate<? super T> predicate) {
        Assert.notNull(type, "Type must not be null");
        Assert.notNull(predicate, "Predicate must not be null");
        return narrow((event) -> {
            Object arg = event.arg(index);
            return type.isInstance(arg) && predicate.test(type.cast(arg));
        }, "with argument " + index + " a " + type.getSimpleName() + " matching the given predicate");
    }

    /**
     * Verifies that one of the emits satisfies a predicate.
     * @param description what the predicate checks, for the failure message
     * @param predicate the predicate
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert matching(String description, Predicate<? super RecordedEvent> predicate) {
        Assert.notNull(predicate, "Predicate must not be null");
        return narrow(predicate::test, "matching " + description);
    }

    /**
     * Verifies that one of the emits was delivered: at least one listener matched and no sync listener failed.
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert delivered() {
        return narrow((event) -> event.outcome() == RecordedEvent.Outcome.DELIVERED, "that was delivered");
    }

    /**
     * Verifies that no listener matched one of the emits.
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert unhandled() {
        return narrow((event) -> event.outcome() == RecordedEvent.Outcome.UNHANDLED, "that no listener matched");
    }

    /**
     * Verifies that one of the emits failed, with a sync listener's failure of this type.
     * @param type the type of the failure
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert failedWith(Class<? extends Throwable> type) {
        Assert.notNull(type, "Type must not be null");
        return narrow((event) -> event.outcome() == RecordedEvent.Outcome.FAILED && type.isInstance(event.failure()),
                "that failed with " + type.getSimpleName());
    }

    /**
     * Verifies that these listeners ran for one of the emits and finished without failing; with
     * {@link RecordedEventsAssert#within(Duration)}, it waits for async listeners to finish.
     * @param listenerIds the listener ids ({@code beanName#methodName} unless the listener sets its own)
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert handledBy(String... listenerIds) {
        Assert.notEmpty(listenerIds, "At least one listener id is required");
        return narrow((event) -> Arrays.stream(listenerIds).allMatch(event::wasHandledBy),
                "handled by " + quoted(listenerIds));
    }

    /**
     * Verifies that none of these listeners has run for one of the emits, for instance because its condition was
     * false. It looks at the listeners that have run by now: an async listener may still run later.
     * @param listenerIds the listener ids
     * @return this assertion, narrowed to those emits
     */
    public EmittedEventsAssert notHandledBy(String... listenerIds) {
        Assert.notEmpty(listenerIds, "At least one listener id is required");
        List<String> ids = Arrays.asList(listenerIds);
        return narrow((event) -> event.listeners().stream().noneMatch((call) -> ids.contains(call.listenerId())),
                "not run by " + quoted(listenerIds));
    }

    /**
     * Verifies that a listener failed for one of the emits, and gives assertions on its failure: for an async
     * listener, whose failure no caller sees.
     * <pre class="code">
     * assertThat(events).within(timeout).emitted("order.placed").failedIn("payment")
     *     .isInstanceOf(PaymentDeclinedException.class);
     * </pre>
     * @param listenerId the listener id
     * @return assertions on the failure
     */
    public AbstractThrowableAssert<?, ? extends Throwable> failedIn(String listenerId) {
        Assert.hasText(listenerId, "Listener id must not be blank");
        Predicate<RecordedEvent> previous = this.filter;
        Throwable failure = this.actual.poll((events) -> {
            for (RecordedEvent event : events) {
                if (previous.test(event)) {
                    for (ListenerCall call : event.listeners()) {
                        if (call.listenerId().equals(listenerId) && call.failure() != null) {
                            return call.failure();
                        }
                    }
                }
            }
            return null;
        }, this.wait);
        if (failure == null) {
            throw notFound("in which listener '" + listenerId + "' failed", previous);
        }
        return Assertions.assertThat(failure).as(this.info.description());
    }

    /**
     * Verifies how many emits the chain so far matches; with {@link RecordedEventsAssert#within(Duration)}, it
     * waits until that many have been dispatched.
     * @param expected the expected number of emits
     * @return this assertion
     */
    public EmittedEventsAssert times(int expected) {
        Predicate<RecordedEvent> current = this.filter;
        List<RecordedEvent> found = this.actual.poll((events) -> {
            List<RecordedEvent> matching = events.stream().filter(current).toList();
            return (matching.size() == expected) ? matching : null;
        }, this.wait);
        if (found == null) {
            List<RecordedEvent> matching = this.actual.stream().filter(current).toList();
            throw failure("%s", EventReport.expecting(expected + " emit" + ((expected == 1) ? " " : "s ")
                    + this.target, this.wait) + "but found " + matching.size() + ":" + EventReport.lines(matching)
                    + "\n" + EventReport.list(this.actual.all(), this.actual.isRecording()));
        }
        this.matches = found;
        return this;
    }

    /**
     * Verifies that the chain so far matches exactly one emit.
     * @return this assertion
     */
    public EmittedEventsAssert once() {
        return times(1);
    }

    /**
     * AssertJ's list assertions on the emits the chain so far matches, in order.
     * @return assertions on the matching events
     */
    public ListAssert<RecordedEvent> events() {
        return Assertions.assertThat(this.matches).as(this.info.description());
    }

    /** Starts the chain, from {@link RecordedEventsAssert#emitted(String)}. */
    EmittedEventsAssert first(Predicate<RecordedEvent> step, String target) {
        this.target = target;
        return narrow(step, null);
    }

    private EmittedEventsAssert narrow(Predicate<RecordedEvent> step, @Nullable String qualifier) {
        Predicate<RecordedEvent> previous = this.filter;
        Predicate<RecordedEvent> next = previous.and(step);
        List<RecordedEvent> found = this.actual.poll((events) -> {
            List<RecordedEvent> matching = events.stream().filter(next).toList();
            return matching.isEmpty() ? null : matching;
        }, this.wait);
        if (found == null) {
            throw notFound(qualifier, previous);
        }
        this.filter = next;
        if (qualifier != null) {
            this.target = qualified(qualifier);
            this.qualifiers++;
        }
        this.matches = found;
        return this;
    }

    private AssertionError notFound(@Nullable String qualifier, Predicate<RecordedEvent> previous) {
        List<RecordedEvent> all = this.actual.all();
        String expectation = "an emit " + qualified(qualifier);
        StringBuilder message = new StringBuilder(EventReport.expecting(expectation, this.wait));
        List<RecordedEvent> candidates = all.stream().filter(previous).toList();
        if (qualifier == null || candidates.isEmpty()) {
            message.append("but none was recorded");
            if (!this.wait.isZero()) {
                message.append(" in ").append(EventReport.duration(this.wait));
            }
            message.append('.');
        }
        else {
            message.append("but the emits ").append(this.target).append(" were:").append(EventReport.lines(candidates));
        }
        if (qualifier == null || candidates.size() < all.size() || !this.actual.isRecording()) {
            message.append('\n').append(EventReport.list(all, this.actual.isRecording()));
        }
        return failure("%s", message);
    }

    /** The target with one more qualifier: the first follows the name, later ones are separated by commas. */
    private String qualified(@Nullable String qualifier) {
        if (qualifier == null) {
            return this.target;
        }
        return this.target + ((this.qualifiers == 0) ? " " : ", ") + qualifier;
    }

    private static boolean sameValues(List<@Nullable Object> actual, @Nullable Object[] expected) {
        if (actual.size() != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!Objects.deepEquals(actual.get(i), expected[i])) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String... values) {
        StringBuilder quoted = new StringBuilder();
        for (String value : values) {
            quoted.append((quoted.length() > 0) ? ", '" : "'").append(value).append('\'');
        }
        return quoted.toString();
    }

}
