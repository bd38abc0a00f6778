package dev.eventbus;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the event bus throws itself.
 */
public class EventBusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     * @param message what went wrong
     */
    public EventBusException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public EventBusException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
