package dev.eventbus.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.eventbus.core.EmitterInstrumentation.EventInstruments;

/**
 * The instruments of each emitted name, resolved once and reused by every plan built for that name; bounded in
 * entries and in the bytes of the names like the plan cache, so that names built from data cannot grow it without
 * limit nor pin long names.
 */
final class EventInstrumentCache implements Function<String, EventInstruments> {

    private final EmitterInstrumentation instrumentation;

    private final boolean enabled;

    private final Map<String, EventInstruments> instruments = new ConcurrentHashMap<>();

    private final NameBudget budget = new NameBudget(RegistryState.MAX_CACHED_PLANS,
            RegistryState.MAX_CACHED_PLAN_BYTES);

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
            if (this.budget.tryClaim(event)) {
                EventInstruments existing = this.instruments.putIfAbsent(event, resolved);
                if (existing != null) {
                    this.budget.release(event);
                    resolved = existing;
                }
            }
        }
        return resolved;
    }

    int size() {
        return this.instruments.size();
    }

    long bytes() {
        return this.budget.bytes();
    }

}
