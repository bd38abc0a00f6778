package dev.eventbus.metrics;

import dev.eventbus.ListenerInfo;
import io.micrometer.observation.Observation;

import org.springframework.util.Assert;

/**
 * The {@link Observation.Context} of an {@link EventBusObservationDocumentation#INVOCATION invocation observation}:
 * the emitted name, the listener, and whether its work is finished. A failure is the context's
 * {@link #getError() error}.
 */
public class InvocationObservationContext extends Observation.Context {

    private final String event;

    private final ListenerInfo listener;

    private volatile boolean finished;

    /**
     * Creates the context of one listener invocation.
     * @param event the emitted name
     * @param listener the listener
     */
    public InvocationObservationContext(String event, ListenerInfo listener) {
        Assert.notNull(event, "'event' must not be null");
        Assert.notNull(listener, "'listener' must not be null");
        this.event = event;
        this.listener = listener;
    }

    /**
     * The emitted name (not the listener's pattern).
     * @return the name
     */
    public String getEvent() {
        return this.event;
    }

    /**
     * The listener being invoked.
     * @return the listener
     */
    public ListenerInfo getListener() {
        return this.listener;
    }

    /**
     * Whether the listener's work is finished, so that its outcome is known: {@link #getError()} then tells a
     * failure from a success.
     * @return whether the work is finished
     */
    public boolean isFinished() {
        return this.finished;
    }

    /**
     * Records that the listener's work is finished; the bus calls it just before it stops the observation.
     */
    public void setFinished() {
        this.finished = true;
    }

}
