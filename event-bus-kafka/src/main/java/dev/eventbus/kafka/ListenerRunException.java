package dev.eventbus.kafka;

/**
 * A listener failed on a received event: the record is tried again with back-off, then sent to the dead-letter
 * topic with this message, and the listener's id in the header {@value InboundDispatcher#LISTENER_HEADER}.
 */
public class ListenerRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String listenerId;

    /**
     * Creates the failure of one listener.
     * @param listenerId the listener's id
     * @param message what failed
     * @param cause the listener's failure
     */
    public ListenerRunException(String listenerId, String message, Throwable cause) {
        super(message, cause);
        this.listenerId = listenerId;
    }

    /**
     * The failed listener.
     * @return its id
     */
    public String listenerId() {
        return this.listenerId;
    }

}
