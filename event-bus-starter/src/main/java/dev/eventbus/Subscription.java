package dev.eventbus;

/**
 * A handle on one or more registrations; closing it removes them.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Whether the registration is still in place.
     * @return {@code false} once closed, removed, or a once-listener fired
     */
    boolean isActive();

    /**
     * Removes the registration(s). Idempotent; safe from any thread, including inside a listener.
     */
    @Override
    void close();
}
