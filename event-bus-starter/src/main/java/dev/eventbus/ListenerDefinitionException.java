package dev.eventbus;

/**
 * An invalid {@link On @On} declaration; the message names the class and the method. In a Spring context it fails
 * the application context at startup.
 */
public class ListenerDefinitionException extends EventBusException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what is wrong, naming the class and the method
     */
    public ListenerDefinitionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     * @param message what is wrong, naming the class and the method
     * @param cause the underlying failure, for example a SpEL parse error
     */
    public ListenerDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
