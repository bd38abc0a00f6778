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
 */
public record ListenerInfo(String id, String pattern, int order, boolean async, boolean once, String condition) {
}
