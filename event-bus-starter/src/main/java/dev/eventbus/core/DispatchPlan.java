package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;

/**
 * The listeners one concrete name reaches, in dispatch order, with their instruments: computed once per name and
 * registry version, so that a steady-state emit does no pattern matching and no meter lookup.
 */
final class DispatchPlan {

    private static final Comparator<Registration> DISPATCH_ORDER = Comparator.comparingInt(Registration::order)
        .thenComparingLong((registration) -> registration.position);

    final String event;

    final Registration[] registrations;

    final ListenerInstruments[] instruments;

    final EventInstruments eventInstruments;

    private DispatchPlan(String event, Registration[] registrations, ListenerInstruments[] instruments,
            EventInstruments eventInstruments) {
        this.event = event;
        this.registrations = registrations;
        this.instruments = instruments;
        this.eventInstruments = eventInstruments;
    }

    static DispatchPlan build(String event, Registration[] all, EventInstruments eventInstruments) {
        List<Registration> matching = new ArrayList<>();
        for (Registration registration : all) {
            if (registration.pattern.matches(event)) {
                matching.add(registration);
            }
        }
        Registration[] registrations = matching.toArray(Registration[]::new);
        Arrays.sort(registrations, DISPATCH_ORDER);
        ListenerInstruments[] instruments = new ListenerInstruments[registrations.length];
        for (int i = 0; i < registrations.length; i++) {
            instruments[i] = registrations[i].instrumentsFor(eventInstruments);
        }
        return new DispatchPlan(event, registrations, instruments, eventInstruments);
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
