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
     * Creates the exception. Its message describes the argument with its {@code toString()}, or, when that throws,
     * as {@code <ClassName@identityHash: toString() threw ExceptionClassName>}: creating it never throws.
     * @param error the first argument of the unhandled {@code "error"} emit
     */
    public UnhandledErrorException(@Nullable Object error) {
        super("Unhandled 'error' event: " + ObjectDescription.of(error),
                (error instanceof Throwable throwable) ? throwable : null);
        this.error = error;
    }

    /**
     * What the first argument of an {@code "error"} event fails a waiting caller with ({@code next}, a stream).
     * @return the argument itself when it is a {@link Throwable}, otherwise an exception of this type for it
     */
    static Throwable failureOf(@Nullable Object error) {
        return (error instanceof Throwable throwable) ? throwable : new UnhandledErrorException(error);
    }

    /**
     * The first argument of the unhandled {@code "error"} emit.
     * @return that argument, or {@code null} when there was none
     */
    public @Nullable Object getError() {
        return this.error;
    }
}
