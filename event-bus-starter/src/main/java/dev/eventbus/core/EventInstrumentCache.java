package dev.eventbus.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.eventbus.core.EmitterInstrumentation.EventInstruments;

/**
 * The instruments of each emitted name, resolved once and reused by every plan built for that name; bounded like the
 * plan cache, so that names built from data cannot grow it without limit.
 */
final class EventInstrumentCache implements Function<String, EventInstruments> {

    private final EmitterInstrumentation instrumentation;

    private final boolean enabled;

    private final Map<String, EventInstruments> instruments = new ConcurrentHashMap<>();

    EventInstrumentCache(EmitterInstrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.enabled = instrumentation.isEnabled();
    }

    @Override
    public EventInstruments apply(String event) {
        if (!this.enabled) {
            return EventInstruments.NONE;
        }
        EventInstruments resolved = this.instruments.get(event);
        if (resolved == null) {
            resolved = this.instrumentation.forEvent(event);
            if (this.instruments.size() < RegistryState.MAX_CACHED_PLANS) {
                EventInstruments existing = this.instruments.putIfAbsent(event, resolved);
                resolved = (existing != null) ? existing : resolved;
            }
        }
        return resolved;
    }

    int size() {
        return this.instruments.size();
    }

}
