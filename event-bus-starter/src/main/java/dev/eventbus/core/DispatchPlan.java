package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.eventbus.ListenerInfo;
import org.jspecify.annotations.Nullable;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;

/**
 * The listeners one concrete name reaches, in dispatch order, with their instruments: computed once per name and
 * registry version, so that a steady-state emit does no pattern matching and no meter lookup.
 */
final class DispatchPlan {

    /** Lower order first, then registration position. */
    static final Comparator<Registration> DISPATCH_ORDER = Comparator.comparingInt(Registration::order)
        .thenComparingLong((registration) -> registration.position);

    final String event;

    final Registration[] registrations;

    final ListenerInstruments[] instruments;

    final EventInstruments eventInstruments;

    /** Whether this is the plan of {@code "error"}, whose unhandled emit throws. */
    final boolean error;

    /**
     * How many of the registrations, at the head of the array, are error monitors: in the plan of {@code "error"}
     * only, where they run before the listeners that handle it and do not count as handling it.
     */
    final int monitors;

    /** Whether a listener's pattern matches the name: a plan with error monitors alone has none. */
    final boolean handled;

    /** The distinct durable deliveries of its registrations, told when an emit ends; null when there is none. */
    final DurableDelivery @Nullable [] durable;

    private DispatchPlan(String event, Registration[] registrations, int monitors, ListenerInstruments[] instruments,
            EventInstruments eventInstruments) {
        this.event = event;
        this.registrations = registrations;
        this.monitors = monitors;
        this.handled = registrations.length > monitors;
        this.instruments = instruments;
        this.eventInstruments = eventInstruments;
        this.error = EmitterEvents.ERROR.equals(event);
        this.durable = durableDeliveries(registrations);
    }

    private static DurableDelivery @Nullable [] durableDeliveries(Registration[] registrations) {
        Set<DurableDelivery> durable = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Registration registration : registrations) {
            if (registration.delivery instanceof DurableDelivery delivery) {
                durable.add(delivery);
            }
        }
        return durable.isEmpty() ? null : durable.toArray(DurableDelivery[]::new);
    }

    static DispatchPlan build(String event, Registration[] all, EventInstruments eventInstruments) {
        boolean error = EmitterEvents.ERROR.equals(event);
        List<Registration> matching = new ArrayList<>();
        List<Registration> monitoring = new ArrayList<>();
        for (Registration registration : all) {
            if (registration.pattern.matches(event)) {
                matching.add(registration);
            }
            else if (error && (registration.emitterEvents & EmitterEvents.ERROR_MONITOR_BIT) != 0) {
                monitoring.add(registration);
            }
        }
        Set<Object> definitions = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Registration> handlers = onePerDefinition(matching, definitions);
        // a definition that handles "error" is called as a handler, not also as a monitor
        List<Registration> monitors = onePerDefinition(monitoring, definitions);
        List<Registration> ordered = new ArrayList<>(monitors);
        ordered.addAll(handlers);
        Registration[] registrations = ordered.toArray(Registration[]::new);
        ListenerInstruments[] instruments = new ListenerInstruments[registrations.length];
        for (int i = 0; i < registrations.length; i++) {
            instruments[i] = registrations[i].instrumentsFor(eventInstruments);
        }
        return new DispatchPlan(event, registrations, monitors.size(), instruments, eventInstruments);
    }

    /**
     * Sorts in dispatch order and keeps the first registration of each definition not seen yet: an {@code @On}
     * method whose patterns overlap (for example {@code order.*} and {@code order.created}) is called once per emit,
     * at its first position.
     */
    private static List<Registration> onePerDefinition(List<Registration> registrations, Set<Object> seen) {
        registrations.sort(DISPATCH_ORDER);
        List<Registration> kept = new ArrayList<>(registrations.size());
        for (Registration registration : registrations) {
            if (seen.add(registration.definition)) {
                kept.add(registration);
            }
        }
        return kept;
    }

    /**
     * Whether adding a registration changes this plan: when it matches the name, or is an error monitor and this is
     * the plan of {@code "error"}.
     */
    boolean affectedBy(Registration registration) {
        return registration.pattern.matches(this.event)
                || (this.error && (registration.emitterEvents & EmitterEvents.ERROR_MONITOR_BIT) != 0);
    }

    boolean isEmpty() {
        return this.registrations.length == 0;
    }

    /** How many of its registrations are of this listener object. */
    int countOf(Object listener) {
        int count = 0;
        for (Registration registration : this.registrations) {
            if (registration.invoker.identity() == listener) {
                count++;
            }
        }
        return count;
    }

    List<ListenerInfo> listenerInfos() {
        List<ListenerInfo> infos = new ArrayList<>(this.registrations.length);
        for (Registration registration : this.registrations) {
            infos.add(registration.info);
        }
        return List.copyOf(infos);
    }
}
