package dev.eventbus;

/**
 * Wraps a checked exception thrown by a listener; the message names the event and the listener id, and describes the
 * cause with its {@code toString()} (or, when that throws, with its type and what was thrown: creating it never
 * throws).
 */
public class ListenerInvocationException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String event;

    private final String listenerId;

    /**
     * Creates the exception.
     * @param event the event being delivered
     * @param listenerId the id of the listener that threw
     * @param cause the checked exception the listener threw
     */
    public ListenerInvocationException(String event, String listenerId, Throwable cause) {
        super("Listener '" + listenerId + "' failed on event '" + event + "': " + ObjectDescription.of(cause),
                cause);
        this.event = event;
        this.listenerId = listenerId;
    }

    /**
     * The event being delivered when the listener threw.
     * @return the event name
     */
    public String getEvent() {
        return this.event;
    }

    /**
     * The listener that threw.
     * @return the listener id
     */
    public String getListenerId() {
        return this.listenerId;
    }
}
