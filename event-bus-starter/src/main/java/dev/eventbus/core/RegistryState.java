package dev.eventbus.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.eventbus.core.EmitterInstrumentation.EventInstruments;

/**
 * One immutable version of the registry, replaced as a whole on every change, with the dispatch plans computed for
 * it: readers never lock, and a plan can never outlive the version it was computed from.
 */
final class RegistryState {

    /** Past this many distinct names, plans are computed per emit instead of cached, so memory stays bounded. */
    static final int MAX_CACHED_PLANS = 4096;

    static final RegistryState EMPTY = new RegistryState(new Registration[0], Map.of(), EmitterEvents.newCounts());

    /** Every registration, in registration order. */
    final Registration[] registrations;

    /** Registrations per name or pattern, in first-registration order. */
    final Map<String, Integer> countsByPattern;

    /** Registrations listening to each of the emitter's own events, see {@link EmitterEvents}. */
    private final int[] emitterEventListeners;

    private final ConcurrentHashMap<String, DispatchPlan> plans = new ConcurrentHashMap<>();

    RegistryState(Registration[] registrations, Map<String, Integer> countsByPattern, int[] emitterEventListeners) {
        this.registrations = registrations;
        this.countsByPattern = Collections.unmodifiableMap(new LinkedHashMap<>(countsByPattern));
        this.emitterEventListeners = emitterEventListeners.clone();
    }

    /**
     * Whether any registration's pattern matches one of the emitter's own events.
     * @param eventBit an {@link EmitterEvents} bit
     * @return whether an emit of that event would reach a listener
     */
    boolean listensTo(int eventBit) {
        return EmitterEvents.anyListens(this.emitterEventListeners, eventBit);
    }

    int[] emitterEventListeners() {
        return this.emitterEventListeners.clone();
    }

    DispatchPlan planFor(String event, Function<String, EventInstruments> instruments) {
        if (event == null) {
            EventPattern.requireEventName(event);
        }
        DispatchPlan plan = this.plans.get(event);
        if (plan != null) {
            return plan;
        }
        EventPattern.requireEventName(event);
        plan = DispatchPlan.build(event, this.registrations, instruments.apply(event));
        if (this.plans.size() < MAX_CACHED_PLANS) {
            DispatchPlan existing = this.plans.putIfAbsent(event, plan);
            if (existing != null) {
                return existing;
            }
        }
        return plan;
    }

    /**
     * The plan for a name without resolving instruments, for inspection: looking at a name must not create meters.
     */
    DispatchPlan inspect(String event) {
        DispatchPlan plan = (event != null) ? this.plans.get(event) : null;
        if (plan != null) {
            return plan;
        }
        EventPattern.requireEventName(event);
        return DispatchPlan.build(event, this.registrations, EventInstruments.NONE);
    }

    int cachedPlanCount() {
        return this.plans.size();
    }
}
