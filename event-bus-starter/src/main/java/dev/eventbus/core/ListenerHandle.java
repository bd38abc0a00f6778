package dev.eventbus.core;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;
import org.jspecify.annotations.Nullable;

/**
 * One registered listener, reached again by its id: how a module that stores events (a publication log) or receives
 * them (a broker) runs a listener for an event emitted earlier or elsewhere, through the engine's one listener-run
 * block (its timer, the interceptors, the follow-up of a returned {@code CompletionStage}).
 *
 * @see ListenerLookup#listener(String)
 */
public interface ListenerHandle {

    /**
     * The listener, as its first registration describes it.
     * @return its description
     */
    ListenerInfo info();

    /**
     * The types the event's arguments bind to, in order: what to turn stored or received arguments back into.
     * @return the declared generic parameter types, or {@code null} for a listener that takes the {@link Event}
     * alone
     */
    @Nullable List<Type> argumentTypes();

    /**
     * Hands a new invocation of the listener for an event to a delivery, usually the one a module's delivery wraps
     * (the bus executor's). The arguments are bound now; the condition is not evaluated again (it held when the
     * event was first delivered). The invocation is not counted against a limited listener.
     * @param event the event, from {@link Events#restored}
     * @param delivery where it runs
     * @return completed when the listener's work has ended: normally, or exceptionally with its failure (a failure
     * to bind, a refused hand-off, or what the listener threw), which goes nowhere else: no {@code "error"} event, no
     * log line
     */
    CompletableFuture<Void> deliver(Event event, Delivery delivery);

}
