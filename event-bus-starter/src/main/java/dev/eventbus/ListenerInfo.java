package dev.eventbus;

/**
 * A read-only description of one registration, as reported by {@link Emitter#listeners(String)}, the
 * {@code newListener} / {@code removeListener} events and the actuator endpoint.
 *
 * @param id the listener id
 * @param pattern the name or pattern it was registered under
 * @param order its dispatch order (lower runs first)
 * @param async whether it runs on the bus executor
 * @param once whether it is removed after its first call
 * @param condition its SpEL condition, or {@code ""} for none
 * @param phase when it runs relative to the transaction active at the emit
 * @param durable whether its deliveries are written to a publication log first
 * @param instances which instances of the application run it
 * @param ordered whether an async listener receives its events one at a time, in emit order
 */
public record ListenerInfo(String id, String pattern, int order, boolean async, boolean once, String condition,
        Phase phase, boolean durable, Instances instances, boolean ordered) {

    /**
     * Checks the components.
     */
    public ListenerInfo {
        if (phase == null) {
            throw new IllegalArgumentException("Listener '" + id + "' must have a phase (Phase.IMMEDIATE for none)");
        }
        if (instances == null) {
            throw new IllegalArgumentException("Listener '" + id + "' must have instances (Instances.THIS for this "
                    + "instance only)");
        }
    }

    /**
     * Describes a registration of version 0.1's kind: immediate, not durable, for this instance, not ordered.
     * @param id the listener id
     * @param pattern the name or pattern it was registered under
     * @param order its dispatch order (lower runs first)
     * @param async whether it runs on the bus executor
     * @param once whether it is removed after its first call
     * @param condition its SpEL condition, or {@code ""} for none
     */
    public ListenerInfo(String id, String pattern, int order, boolean async, boolean once, String condition) {
        this(id, pattern, order, async, once, condition, Phase.IMMEDIATE, false, Instances.THIS, false);
    }

}
