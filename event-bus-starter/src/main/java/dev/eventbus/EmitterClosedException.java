package dev.eventbus;

/**
 * Thrown by {@code emit} and {@code emitAsync} once the emitter is closed (in a Spring application: once the
 * context has begun to close, after the web server stopped taking requests). Also the failure of an
 * {@code emitAsync} future whose async listener was still unfinished when the shutdown timeout ran out.
 */
public class EmitterClosedException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String event;

    /**
     * Creates the exception for an emit refused because the emitter is closed.
     * @param event the event that was emitted
     */
    public EmitterClosedException(String event) {
        this(event, "Cannot emit '" + event + "': the event bus is closed and accepts no more events");
    }

    /**
     * Creates the exception with a message of its own.
     * @param event the event concerned
     * @param message what happened
     */
    public EmitterClosedException(String event, String message) {
        super(message);
        this.event = event;
    }

    /**
     * The event concerned.
     * @return the event name
     */
    public String getEvent() {
        return this.event;
    }
}
