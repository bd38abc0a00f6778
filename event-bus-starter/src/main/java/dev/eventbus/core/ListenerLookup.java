package dev.eventbus.core;

import org.jspecify.annotations.Nullable;

/**
 * An emitter whose listeners a module can reach again by their ids, to run them for events that were stored or
 * received ({@link ListenerHandle}).
 */
public interface ListenerLookup {

    /**
     * The listener registered now under an id. Durable and cross-instance listeners have unique ids; for another id
     * shared by several listeners, the first one registered.
     * @param id the listener id
     * @return its handle, or {@code null} when no listener is registered under that id
     */
    @Nullable ListenerHandle listener(String id);

}
