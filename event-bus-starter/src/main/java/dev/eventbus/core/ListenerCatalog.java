package dev.eventbus.core;

import java.util.List;

import dev.eventbus.ListenerInfo;

/**
 * An emitter that can list every registration it holds, which the actuator endpoint shows. Without it, the endpoint
 * reconstructs what it can from {@code eventNames()} and {@code listeners(name)}, which misses patterns.
 */
public interface ListenerCatalog {

    /**
     * Every registration in place now, in registration order: one per listener and name or pattern.
     * @return an immutable list
     */
    List<ListenerInfo> registrations();

}
