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

    private static final int MAX_CACHED_NAMES = 4096;

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    /** The matching ids by audience and name, dropped whenever a listener is added. */
    private final Map<Instances, Map<String, List<String>>> matched = new ConcurrentHashMap<>();

    void add(ListenerDefinition definition) {
        List<EventPattern> patterns = new ArrayList<>(definition.patterns().size());
        for (String pattern : definition.patterns()) {
            patterns.add(EventPattern.parse(pattern));
        }
        this.byId.put(definition.id(), new Entry(definition.id(), definition.instances(), definition.order(),
                List.copyOf(patterns)));
        this.matched.clear();
    }

    /** Whether any listener of the audience was registered. */
    boolean any(Instances audience) {
        return this.byId.values().stream().anyMatch((entry) -> entry.audience() == audience);
    }

    /** The ids of the listeners of an audience that an event name matches, in their dispatch order. */
    List<String> matching(Instances audience, String name) {
        Map<String, List<String>> names = this.matched.computeIfAbsent(audience, (which) -> new ConcurrentHashMap<>());
        List<String> ids = names.get(name);
        if (ids == null) {
            ids = find(audience, name);
            if (names.size() < MAX_CACHED_NAMES) {
                names.put(name, ids);
            }
        }
        return ids;
    }

    private List<String> find(Instances audience, String name) {
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
