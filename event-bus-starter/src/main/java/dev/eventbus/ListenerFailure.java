package dev.eventbus;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a failure with no caller to propagate to happened; the second argument of the {@code "error"} event.
 *
 * @param event the name of the event being delivered
 * @param listenerId the id of the listener that failed
 * @param args the arguments of that event
 */
public record ListenerFailure(String event, String listenerId, List<@Nullable Object> args) {
}
