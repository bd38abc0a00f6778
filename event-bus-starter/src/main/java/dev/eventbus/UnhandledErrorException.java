package dev.eventbus;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@code emit("error", ...)} when no listener matches {@code "error"} and the first argument is neither a
 * {@link RuntimeException} nor an {@link Error}; its cause is that argument when it is a {@link Throwable}.
 */
public class UnhandledErrorException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Object error;

    /**
     * Creates the exception.
     * @param error the first argument of the unhandled {@code "error"} emit
     */
    public UnhandledErrorException(@Nullable Object error) {
        super("Unhandled 'error' event: " + error, (error instanceof Throwable throwable) ? throwable : null);
        this.error = error;
    }

    /**
     * The first argument of the unhandled {@code "error"} emit.
     * @return that argument, or {@code null} when there was none
     */
    public @Nullable Object getError() {
        return this.error;
    }
}
