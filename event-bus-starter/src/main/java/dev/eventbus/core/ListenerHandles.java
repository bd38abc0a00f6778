package dev.eventbus.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The handles of listeners reached by their ids ({@link ListenerLookup}), kept per registry version: a module asks
 * for one per stored or received event, and each id is looked up once per version instead of by a scan of every
 * registration each time.
 */
final class ListenerHandles {

    /** Ids kept per version at most: a stored row or a received record may name any id. */
    static final int MAX_IDS = 1024;

    private final EventInstrumentCache instruments;

    private final ListenerRunner runner;

    private volatile @Nullable Version version;

    ListenerHandles(EventInstrumentCache instruments, ListenerRunner runner) {
        this.instruments = instruments;
        this.runner = runner;
    }

    /** The listener registered under an id in a registry version (the first one registered), or {@code null}. */
    @Nullable ListenerHandle find(RegistryState state, String id) {
        Version version = this.version;
        if (version == null || version.state != state) {
            version = new Version(state);
            this.version = version;
        }
        Optional<ListenerHandle> found = version.byId.get(id);
        if (found == null) {
            found = scan(state, id);
            if (version.byId.size() < MAX_IDS) {
                version.byId.put(id, found);
            }
        }
        return found.orElse(null);
    }

    private Optional<ListenerHandle> scan(RegistryState state, String id) {
        for (Registration registration : state.registrations) {
            if (registration.info.id().equals(id)) {
                return Optional.of(new RegisteredListener(registration.siblings(), this.instruments, this.runner));
            }
        }
        return Optional.empty();
    }

    /** The handles found in one registry version. */
    private static final class Version {

        private final RegistryState state;

        private final Map<String, Optional<ListenerHandle>> byId = new ConcurrentHashMap<>();

        Version(RegistryState state) {
            this.state = state;
        }

    }

}
