package dev.eventbus.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Instances;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.ListenerDefinition;

/**
 * The listeners of this instance that hear other instances ({@code ALL} and {@code ONE}), by id, with their
 * patterns: which of them a received event is for. A listener removed from the emitter since is skipped by the
 * lookup of its handle.
 */
final class CrossInstanceListeners {

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    void add(ListenerDefinition definition) {
        List<EventPattern> patterns = new ArrayList<>(definition.patterns().size());
        for (String pattern : definition.patterns()) {
            patterns.add(EventPattern.parse(pattern));
        }
        this.byId.put(definition.id(), new Entry(definition.id(), definition.instances(), definition.order(),
                List.copyOf(patterns)));
    }

    /** Whether any listener of the audience was registered. */
    boolean any(Instances audience) {
        return this.byId.values().stream().anyMatch((entry) -> entry.audience() == audience);
    }

    /** The ids of the listeners of an audience that an event name matches, in their dispatch order. */
    List<String> matching(Instances audience, String name) {
        List<Entry> matched = new ArrayList<>();
        for (Entry entry : this.byId.values()) {
            if (entry.audience() == audience && entry.matches(name)) {
                matched.add(entry);
            }
        }
        matched.sort((a, b) -> (a.order() != b.order()) ? Integer.compare(a.order(), b.order())
                : a.id().compareTo(b.id()));
        return matched.stream().map(Entry::id).toList();
    }

    private record Entry(String id, Instances audience, int order, List<EventPattern> patterns) {

        boolean matches(String name) {
            for (EventPattern pattern : this.patterns) {
                if (pattern.matches(name)) {
                    return true;
                }
            }
            return false;
        }

    }

}
