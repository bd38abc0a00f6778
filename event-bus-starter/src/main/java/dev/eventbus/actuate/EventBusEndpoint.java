package dev.eventbus.actuate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.ListenerCatalog;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} exposing the listeners of the application's {@link Emitter}. Read-only.
 * <p>
 * {@code GET /actuator/eventbus} lists every registration, in registration order, and the names and patterns that
 * have listeners. {@code GET /actuator/eventbus/{event}} lists, in dispatch order, the listeners that an emit of
 * that concrete name would reach now; an invalid name, or a pattern, is a bad request.
 * <p>
 * With an {@link Emitter} that is not a {@link ListenerCatalog} (the library's own is), the registrations are
 * reconstructed from {@link Emitter#eventNames()} and {@link Emitter#listeners(String)}: registrations under a
 * pattern (containing {@code *}) cannot be listed that way and are left out of the first operation.
 */
@Endpoint(id = "eventbus")
public class EventBusEndpoint {

    private final Emitter emitter;

    /**
     * Creates the endpoint.
     * @param emitter the emitter to describe
     */
    public EventBusEndpoint(Emitter emitter) {
        Assert.notNull(emitter, "Emitter must not be null");
        this.emitter = emitter;
    }

    /**
     * Describes every registration and the names and patterns that have listeners.
     * @return the registrations, in registration order, and the names, in first-registration order
     */
    @ReadOperation
    public EventBusDescriptor eventBus() {
        return new EventBusDescriptor(registrations(), this.emitter.eventNames());
    }

    /**
     * Describes the listeners an emit of a concrete name would reach now.
     * @param event the concrete event name
     * @return the listeners, in dispatch order
     * @throws InvalidEndpointRequestException when the name is invalid or is a pattern
     */
    @ReadOperation
    public EventListenersDescriptor eventListeners(@Selector String event) {
        if (event.indexOf('*') >= 0) {
            String message = "'" + event + "' is a pattern, and patterns are not event names: this operation lists "
                    + "the listeners that an emit of one concrete name would reach, those registered under matching "
                    + "patterns included. Try a concrete name, " + concreteNameExample(event);
            throw new InvalidEndpointRequestException(message, message);
        }
        try {
            return new EventListenersDescriptor(event, this.emitter.listeners(event));
        }
        catch (IllegalArgumentException ex) {
            String message = (ex.getMessage() != null) ? ex.getMessage() : "Invalid event name '" + event + "'";
            throw new InvalidEndpointRequestException(message, message, ex);
        }
    }

    private String concreteNameExample(String pattern) {
        try {
            EventPattern parsed = EventPattern.parse(pattern);
            for (String name : this.emitter.eventNames()) {
                if (name.indexOf('*') == -1 && parsed.matches(name)) {
                    return "such as '" + name + "'";
                }
            }
        }
        catch (IllegalArgumentException ex) {
            // not even a valid pattern: no name can match it
        }
        return "with a segment in place of each '*' (for 'order.*', a name like 'order.created')";
    }

    private List<ListenerInfo> registrations() {
        if (this.emitter instanceof ListenerCatalog catalog) {
            return catalog.registrations();
        }
        List<ListenerInfo> registrations = new ArrayList<>();
        for (String name : this.emitter.eventNames()) {
            if (name.indexOf('*') == -1) {
                for (ListenerInfo listener : this.emitter.listeners(name)) {
                    if (listener.pattern().equals(name)) {
                        registrations.add(listener);
                    }
                }
            }
        }
        return List.copyOf(registrations);
    }

    /**
     * Every registration of the emitter.
     *
     * @param listeners the registrations, in registration order
     * @param eventNames the names and patterns that have at least one listener, in first-registration order
     */
    public record EventBusDescriptor(List<ListenerInfo> listeners,
            Set<String> eventNames) implements OperationResponseBody {

        public EventBusDescriptor {
            listeners = List.copyOf(listeners);
            eventNames = Collections.unmodifiableSet(new LinkedHashSet<>(eventNames));
        }

    }

    /**
     * The listeners one event would reach.
     *
     * @param event the concrete event name
     * @param listeners the listeners an emit of {@code event} would reach now, in dispatch order
     */
    public record EventListenersDescriptor(String event,
            List<ListenerInfo> listeners) implements OperationResponseBody {

        public EventListenersDescriptor {
            listeners = List.copyOf(listeners);
        }

    }

}
