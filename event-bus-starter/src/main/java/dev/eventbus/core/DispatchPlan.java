package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.eventbus.ListenerInfo;
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

    private DispatchPlan(String event, Registration[] registrations, ListenerInstruments[] instruments,
            EventInstruments eventInstruments) {
        this.event = event;
        this.registrations = registrations;
        this.instruments = instruments;
        this.eventInstruments = eventInstruments;
        this.error = EmitterEvents.ERROR.equals(event);
    }

    static DispatchPlan build(String event, Registration[] all, EventInstruments eventInstruments) {
        List<Registration> matching = new ArrayList<>();
        for (Registration registration : all) {
            if (registration.pattern.matches(event)) {
                matching.add(registration);
            }
        }
        matching.sort(DISPATCH_ORDER);
        Registration[] registrations = onePerDefinition(matching);
        ListenerInstruments[] instruments = new ListenerInstruments[registrations.length];
        for (int i = 0; i < registrations.length; i++) {
            instruments[i] = registrations[i].instrumentsFor(eventInstruments);
        }
        return new DispatchPlan(event, registrations, instruments, eventInstruments);
    }

    /**
     * Keeps the first registration of each definition: an {@code @On} method whose patterns overlap (for example
     * {@code order.*} and {@code order.created}) is called once per emit, at its first position.
     */
    private static Registration[] onePerDefinition(List<Registration> sorted) {
        Set<Object> definitions = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Registration> kept = new ArrayList<>(sorted.size());
        for (Registration registration : sorted) {
            if (definitions.add(registration.definition)) {
                kept.add(registration);
            }
        }
        return kept.toArray(Registration[]::new);
    }

    boolean isEmpty() {
        return this.registrations.length == 0;
    }

    List<ListenerInfo> listenerInfos() {
        List<ListenerInfo> infos = new ArrayList<>(this.registrations.length);
        for (Registration registration : this.registrations) {
            infos.add(registration.info);
        }
        return List.copyOf(infos);
    }
}
