package dev.eventbus;

/**
 * An emitted argument could not be bound to an {@link On @On} method's parameter: it is not assignable to the
 * parameter's type, or it is missing or {@code null} for a primitive parameter. The method is not called. The
 * message names the listener id, the parameter index, the expected and the actual type.
 */
public class ListenerArgumentException extends EventBusException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what could not be bound, naming listener, parameter index and types
     */
    public ListenerArgumentException(String message) {
        super(message);
    }
}
