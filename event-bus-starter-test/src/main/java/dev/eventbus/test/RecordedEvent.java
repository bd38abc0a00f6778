package dev.eventbus.test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * One recorded {@code emit} or {@code emitAsync} call: its name and arguments as emitted, how its dispatch ended,
 * and the listeners that ran for it.
 * <p>
 * An event is recorded when its emit starts, so recorded events are in the order their emits started: a nested emit
 * from inside a listener comes after the emit that caused it. Its {@link #outcome() outcome} is known when the
 * dispatch ends (every sync listener returned, every async one handed off); its {@link #listeners() listener calls}
 * grow as listeners run, async ones included. Thread-safe: state is read as it is at the time of the call.
 */
public final class RecordedEvent implements Event {

    private final int position;

    private final String name;

    private final List<@Nullable Object> args;

    private final boolean emittedAsync;

    private final String thread;

    private final List<ListenerCall> listeners = new CopyOnWriteArrayList<>();

    private volatile Outcome outcome = Outcome.DISPATCHING;

    private volatile @Nullable Throwable failure;

    RecordedEvent(int position, String name, @Nullable Object @Nullable [] args, boolean emittedAsync,
            String thread) {
        this.position = position;
        this.name = name;
        this.args = (args != null) ? Collections.unmodifiableList(Arrays.asList(args.clone())) : List.of();
        this.emittedAsync = emittedAsync;
        this.thread = thread;
    }

    /**
     * Where this event stands in its recording, from 1.
     * @return the position
     */
    public int position() {
        return this.position;
    }

    @Override
    public String name() {
        return this.name;
    }

    /**
     * Not known to a recording: an emit is recorded as it starts, before its event has an id. Read
     * {@link Event#id()} in a listener instead.
     * @return never
     * @throws UnsupportedOperationException always, saying so
     */
    @Override
    public String id() {
        throw new UnsupportedOperationException("Recorded event '" + this.name + "' (#" + this.position + ") was "
                + "recorded as its emit started, before it had an id: read Event.id() in a listener instead");
    }

    /**
     * Not known to a recording, as {@link #id()}.
     * @return never
     * @throws UnsupportedOperationException always, saying so
     */
    @Override
    public String origin() {
        throw new UnsupportedOperationException("Recorded event '" + this.name + "' (#" + this.position + ") was "
                + "recorded as its emit started, without its origin: read Event.origin() in a listener instead");
    }

    @Override
    public List<@Nullable Object> args() {
        return this.args;
    }

    @Override
    public @Nullable Object arg(int index) {
        return (index >= 0 && index < this.args.size()) ? this.args.get(index) : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T arg(int index, Class<T> type) {
        Object value = arg(index);
        if (value == null) {
            return null;
        }
        if (!ClassUtils.resolvePrimitiveIfNecessary(type).isInstance(value)) {
            throw new ClassCastException("Argument " + index + " of event '" + this.name + "' is a "
                    + value.getClass().getName() + ", not a " + type.getName());
        }
        return (T) value;
    }

    /**
     * Whether it was emitted with {@code emitAsync} rather than {@code emit}.
     * @return whether it was an {@code emitAsync} call
     */
    public boolean emittedAsync() {
        return this.emittedAsync;
    }

    /**
     * The name of the thread that emitted it.
     * @return the thread name
     */
    public String thread() {
        return this.thread;
    }

    /**
     * How its dispatch ended, or {@link Outcome#DISPATCHING} while it has not.
     * @return the outcome
     */
    public Outcome outcome() {
        return this.outcome;
    }

    /**
     * Whether its dispatch has ended: every sync listener returned (or one failed) and every async one was handed
     * off.
     * @return whether the dispatch ended
     */
    public boolean isDispatched() {
        return this.outcome != Outcome.DISPATCHING;
    }

    /**
     * What the emit threw: a sync listener's failure, or an unhandled {@code "error"}.
     * @return the failure, or {@code null}
     */
    public @Nullable Throwable failure() {
        return this.failure;
    }

    /**
     * The listeners that have started for this event so far, in the order they started.
     * @return an unmodifiable snapshot
     */
    public List<ListenerCall> listeners() {
        return List.copyOf(this.listeners);
    }

    /**
     * Whether a listener with this id has run for this event and finished without failing.
     * @param listenerId the listener id
     * @return whether it handled the event
     */
    public boolean wasHandledBy(String listenerId) {
        for (ListenerCall call : this.listeners) {
            if (call.listenerId().equals(listenerId) && call.succeeded()) {
                return true;
            }
        }
        return false;
    }

    void dispatched(Outcome outcome, @Nullable Throwable failure) {
        this.failure = failure;
        this.outcome = outcome;
    }

    void started(ListenerCall call) {
        this.listeners.add(call);
    }

    @Override
    public String toString() {
        return EventReport.line(this);
    }

    /**
     * How the dispatch of a recorded emit ended.
     */
    public enum Outcome {

        /** The dispatch has not ended yet. */
        DISPATCHING,

        /** At least one listener matched and no sync listener's failure propagated. */
        DELIVERED,

        /** No listener matched. */
        UNHANDLED,

        /** A sync listener's failure propagated out of the emit (for {@code emitAsync}: into its future). */
        FAILED
    }

}
