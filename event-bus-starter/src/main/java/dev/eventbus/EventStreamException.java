package dev.eventbus;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by an {@link EventStream}: to the emit that found its buffer full past the wait it allows (the stream ends
 * with it), and to its consumer once the stream has ended (by an {@code "error"} event, an overflow or
 * {@link EventStream#close()}) and every event it had buffered was taken.
 */
public class EventStreamException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String event;

    /**
     * Creates the exception.
     * @param event the name or pattern of the stream
     * @param message what happened
     * @param cause what ended the stream (the error of an {@code "error"} event, the overflow), or {@code null}
     */
    public EventStreamException(String event, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.event = event;
    }

    /**
     * The name or pattern of the stream.
     * @return the name or pattern the stream was opened for
     */
    public String getEvent() {
        return this.event;
    }
}
