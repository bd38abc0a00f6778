package dev.eventbus;

/**
 * A programmatic listener, registered with {@link Emitter#on(String, Listener)} and its siblings.
 * <p>
 * It runs on the emitting thread. An unchecked exception it throws stops the emit and reaches the caller of
 * {@link Emitter#emit(String, Object...)} unchanged; a checked one arrives wrapped in a
 * {@link ListenerInvocationException}.
 */
@FunctionalInterface
public interface Listener {

    /**
     * Handles one event.
     * @param event the event being delivered
     * @throws Exception any failure, propagated to the emitter as described on the type
     */
    void onEvent(Event event) throws Exception;
}
