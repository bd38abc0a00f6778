package dev.eventbus.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EventPattern;
import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The events recorded for the current test by an {@link EventRecorder}, in the order their emits started, and a
 * way to wait for one that is still to come.
 * <p>
 * Assert on them with AssertJ's {@code assertThat(events)}, which gives a {@link RecordedEventsAssert}:
 * <pre class="code">
 * assertThat(events).emitted("order.placed").withArgs(order).handledBy("inventory#reserve");
 * assertThat(events).emittedInOrder("order.placed", "order.paid");
 * assertThat(events).within(Duration.ofSeconds(5)).emitted("order.paid").withArgs(order);
 * </pre>
 * In a Spring test annotated with {@link RecordEvents @RecordEvents}, inject it as a test method parameter or an
 * {@code @Autowired} field; it holds only what was emitted since the current test method started.
 * <p>
 * Thread-safe: events are recorded from whichever threads emit them, and every query returns a snapshot.
 */
public final class RecordedEvents implements AssertProvider<RecordedEventsAssert> {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private final List<RecordedEvent> events = new ArrayList<>();

    /** Counts every change, so that a waiter sleeps only when nothing changed since it last looked. */
    private long changes;

    private volatile int generation;

    private volatile boolean recording;

    RecordedEvents(boolean recording) {
        this.recording = recording;
    }

    /**
     * Every event recorded so far, in the order their emits started.
     * @return an immutable snapshot
     */
    public List<RecordedEvent> all() {
        this.lock.lock();
        try {
            return List.copyOf(this.events);
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Every event recorded so far, in the order their emits started.
     * @return a stream over a snapshot
     */
    public Stream<RecordedEvent> stream() {
        return all().stream();
    }

    /**
     * The events recorded so far whose name matches a name or pattern ({@code order.*}, {@code order.**}).
     * @param pattern the name or pattern, as a listener would be registered under it
     * @return a stream over a snapshot, in order
     * @throws IllegalArgumentException when the pattern is invalid, quoting it
     */
    public Stream<RecordedEvent> stream(String pattern) {
        EventPattern parsed = EventPattern.parse(pattern);
        return stream().filter((event) -> parsed.matches(event.name()));
    }

    /**
     * The names of the events recorded so far, in order.
     * @return an immutable snapshot
     */
    public List<String> names() {
        return stream().map(RecordedEvent::name).toList();
    }

    /**
     * Waits for the first event matching a name or pattern whose dispatch has ended, and returns it. An event
     * recorded before this call counts, so there is no race between starting the work and waiting for its event.
     * @param pattern the name or pattern, as a listener would be registered under it
     * @param timeout the longest to wait
     * @return the first such event
     * @throws AssertionError when none is recorded in time, listing what was
     * @throws IllegalArgumentException when the pattern is invalid or the timeout negative
     */
    public RecordedEvent await(String pattern, Duration timeout) {
        EventPattern parsed = EventPattern.parse(pattern);
        RecordedEvent found = poll((events) -> {
            for (RecordedEvent event : events) {
                if (event.isDispatched() && parsed.matches(event.name())) {
                    return event;
                }
            }
            return null;
        }, timeout);
        if (found == null) {
            throw new AssertionError(EventReport.expecting("an emit " + RecordedEventsAssert.target(pattern), timeout)
                    + "but none was recorded in " + EventReport.duration(timeout) + "." + EventReport.recorded(this));
        }
        return found;
    }

    /**
     * Forgets the events recorded so far in this test; recording goes on.
     */
    public void clear() {
        this.lock.lock();
        try {
            this.events.clear();
            this.changes++;
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Whether events are being recorded now: in a Spring test, while a test method of a class annotated with
     * {@link RecordEvents @RecordEvents} runs.
     * @return whether emits are recorded
     */
    public boolean isRecording() {
        return this.recording;
    }

    /**
     * The AssertJ entry point, for {@code assertThat(events)}.
     * @return assertions on these events
     */
    @Override
    public RecordedEventsAssert assertThat() {
        return new RecordedEventsAssert(this);
    }

    @Override
    public String toString() {
        return EventReport.list(all(), isRecording());
    }

    // ---- recording side, called by the EventRecorder

    int generation() {
        return this.generation;
    }

    @Nullable RecordedEvent add(int generation, String name, @Nullable Object @Nullable [] args, boolean emittedAsync,
            String thread) {
        this.lock.lock();
        try {
            if (!this.recording || generation != this.generation) {
                return null;
            }
            RecordedEvent event = new RecordedEvent(this.events.size() + 1, name, args, emittedAsync, thread);
            this.events.add(event);
            signal();
            return event;
        }
        finally {
            this.lock.unlock();
        }
    }

    void dispatched(RecordedEvent event, RecordedEvent.Outcome outcome, @Nullable Throwable failure) {
        this.lock.lock();
        try {
            event.dispatched(outcome, failure);
            signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    ListenerCall listenerStarted(RecordedEvent event, ListenerInfo listener) {
        ListenerCall call = new ListenerCall(listener);
        this.lock.lock();
        try {
            event.started(call);
            signal();
        }
        finally {
            this.lock.unlock();
        }
        return call;
    }

    void listenerFinished(ListenerCall call, @Nullable Throwable failure) {
        this.lock.lock();
        try {
            call.finish(failure);
            signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Starts a new recording: what was recorded is forgotten, and emits still attributed to the previous recording
     * (async work it started) are no longer recorded.
     */
    void restart() {
        this.lock.lock();
        try {
            this.generation++;
            this.events.clear();
            this.recording = true;
            signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Stops recording; what was recorded stays readable until the next {@link #restart()}.
     */
    void stop() {
        this.lock.lock();
        try {
            this.generation++;
            this.recording = false;
            signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void signal() {
        this.changes++;
        this.changed.signalAll();
    }

    /**
     * Applies a probe to snapshots of the recorded events until it answers, or the timeout passes. The probe runs
     * outside the lock, so user code in it cannot block the threads that record.
     * @return the probe's first non-null answer, or {@code null} on timeout
     */
    <T> @Nullable T poll(Function<List<RecordedEvent>, @Nullable T> probe, Duration timeout) {
        Assert.notNull(timeout, "Timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout must not be negative, but was " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RecordedEvent> snapshot;
            long seen;
            this.lock.lock();
            try {
                snapshot = List.copyOf(this.events);
                seen = this.changes;
            }
            finally {
                this.lock.unlock();
            }
            T answer = probe.apply(snapshot);
            if (answer != null) {
                return answer;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            this.lock.lock();
            try {
                while (this.changes == seen && remaining > 0) {
                    remaining = this.changed.awaitNanos(remaining);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for recorded events", ex);
            }
            finally {
                this.lock.unlock();
            }
        }
    }

}
