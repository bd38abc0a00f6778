package dev.eventbus.jdbc;

import dev.eventbus.EventBusException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by an emit whose publications for its durable listeners could not be written: an argument that cannot be
 * written as JSON, or a failure of the database. Nothing of that emit's publications is then in the log.
 */
public class PublicationWriteException extends EventBusException {

    /**
     * Creates the exception.
     * @param message what could not be written, and why
     * @param cause the underlying failure, if any
     */
    public PublicationWriteException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
