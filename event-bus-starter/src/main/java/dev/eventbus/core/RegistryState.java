package dev.eventbus.core;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import org.jspecify.annotations.Nullable;

/**
 * One immutable version of the registry, replaced as a whole on every change, with the dispatch plans computed for
 * it: readers never lock, and a plan can never outlive the version it was computed from. A change hands the next
 * version the plans it leaves as they were, so that adding or removing a listener rebuilds only the plans of the
 * names that listener matches.
 */
final class RegistryState {

    /** Past this many distinct names, plans are computed per emit instead of cached, so memory stays bounded. */
    static final int MAX_CACHED_PLANS = 4096;

    /** Slots of the lookup that finds the plan of a name passed as the same String instance as before. */
    private static final int RECENT_SLOTS = 64;

    /** Every registration, in registration order. */
    final Registration[] registrations;

    /** Registrations listening to each of the emitter's own events, see {@link EmitterEvents}. */
    private final int[] emitterEventListeners;

    private final ConcurrentHashMap<String, DispatchPlan> plans;

    /**
     * Plans by the identity hash of the name they were last looked up with. Emitted names are mostly constants, the
     * same String instance every time: finding their plan then takes one array read and one comparison, which keeps
     * the emit path small enough for the JIT to inline into its callers. Written without a lock: a plan is immutable
     * and a lost or stale slot only means a lookup in {@link #plans}.
     */
    private final @Nullable DispatchPlan[] recent = new DispatchPlan[RECENT_SLOTS];

    /**
     * Creates a version of the registry.
     * @param registrations every registration, in registration order; kept as it is
     * @param emitterEventListeners see {@link EmitterEvents#count}; copied
     * @param plans plans that are still valid for this version
     */
    private RegistryState(Registration[] registrations, int[] emitterEventListeners,
            Map<String, DispatchPlan> plans) {
        this.registrations = registrations;
        this.emitterEventListeners = emitterEventListeners.clone();
        this.plans = new ConcurrentHashMap<>(plans);
    }

    /**
     * The first version of an emitter's registry. Each emitter needs its own: plans hold the emitter's instruments.
     * @return a version with nothing registered
     */
    static RegistryState empty() {
        return new RegistryState(new Registration[0], EmitterEvents.newCounts(), Map.of());
    }

    /**
     * The next version after registrations were added: the plans that none of them changes stay.
     * @param registrations every registration of the next version, in registration order; kept as it is
     * @param emitterEventListeners its registrations per emitter event; copied
     * @param added the registrations added
     * @return the next version
     */
    RegistryState withAdded(Registration[] registrations, int[] emitterEventListeners,
            Collection<Registration> added) {
        Map<String, DispatchPlan> kept = new ConcurrentHashMap<>();
        for (DispatchPlan plan : this.plans.values()) {
            if (!affectsAny(added, plan)) {
                kept.put(plan.event, plan);
            }
        }
        return new RegistryState(registrations, emitterEventListeners, kept);
    }

    /**
     * The next version after registrations were removed: the plans that call none of them stay.
     * @param registrations every registration of the next version, in registration order; kept as it is
     * @param emitterEventListeners its registrations per emitter event; copied
     * @param removed the registrations removed, compared by identity
     * @return the next version
     */
    RegistryState withRemoved(Registration[] registrations, int[] emitterEventListeners,
            Set<Registration> removed) {
        Map<String, DispatchPlan> kept = new ConcurrentHashMap<>();
        for (DispatchPlan plan : this.plans.values()) {
            if (!callsAny(plan, removed)) {
                kept.put(plan.event, plan);
            }
        }
        return new RegistryState(registrations, emitterEventListeners, kept);
    }

    private static boolean affectsAny(Collection<Registration> registrations, DispatchPlan plan) {
        for (Registration registration : registrations) {
            if (plan.affectedBy(registration)) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsAny(DispatchPlan plan, Set<Registration> registrations) {
        for (Registration registration : plan.registrations) {
            if (registrations.contains(registration)) {
                return true;
            }
        }
        return false;
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

    /**
     * The plan of an emitted name, built and cached at its first emit in this version.
     * @param event the emitted name
     * @param instruments resolves the instruments of a name whose plan is built
     * @return the plan
     * @throws IllegalArgumentException when the name is not a valid event name
     */
    DispatchPlan planFor(String event, Function<String, EventInstruments> instruments) {
        DispatchPlan plan = this.recent[System.identityHashCode(event) & (RECENT_SLOTS - 1)];
        if (plan != null && plan.event == event) {
            return plan;
        }
        return lookUp(event, instruments);
    }

    private DispatchPlan lookUp(String event, Function<String, EventInstruments> instruments) {
        if (event == null) {
            EventPattern.requireEventName(event);
        }
        DispatchPlan plan = this.plans.get(event);
        if (plan == null) {
            EventPattern.requireEventName(event);
            plan = DispatchPlan.build(event, this.registrations, instruments.apply(event));
            if (this.plans.size() >= MAX_CACHED_PLANS) {
                return plan;
            }
            DispatchPlan existing = this.plans.putIfAbsent(event, plan);
            plan = (existing != null) ? existing : plan;
        }
        if (plan.event == event) {
            // a name built anew for every emit is another instance each time: it would only evict others
            this.recent[System.identityHashCode(event) & (RECENT_SLOTS - 1)] = plan;
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
