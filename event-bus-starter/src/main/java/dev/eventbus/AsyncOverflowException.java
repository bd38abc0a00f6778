package dev.eventbus;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by an emit when the executor refused an async listener's invocation and the overflow policy
 * ({@code eventbus.async.overflow}) is {@code fail}, or {@code block} and no room was made in time. The listener
 * does not run for that event; the listeners before it in the emit have run (or been handed off), those after it are
 * not called, as when a sync listener throws. {@code emitAsync} completes its future exceptionally with it instead.
 */
public class AsyncOverflowException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String event;

    private final String listenerId;

    /**
     * Creates the exception.
     * @param event the event being delivered
     * @param listenerId the id of the async listener that was refused
     * @param reason why the invocation was not accepted, for the message
     * @param cause the executor's refusal, if any
     */
    public AsyncOverflowException(String event, String listenerId, String reason, @Nullable Throwable cause) {
        super("Async listener '" + listenerId + "' was not run for event '" + event + "': " + reason, cause);
        this.event = event;
        this.listenerId = listenerId;
    }

    /**
     * The event being delivered.
     * @return the event name
     */
    public String getEvent() {
        return this.event;
    }

    /**
     * The async listener whose invocation was refused.
     * @return the listener id
     */
    public String getListenerId() {
        return this.listenerId;
    }
}
