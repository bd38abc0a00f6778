package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * <p>
 * The plans are bounded in count and in the bytes of their names, in two budgets: names that a listener matches,
 * and names that none does. Names built from data that nobody listens to (the usual attack: a request parameter
 * turned into an event name) fill only the small second budget, so they can never take the room of the plans
 * that listeners need, however many of them come and however often registrations change. A name that finds its
 * budget full is planned at each emit instead, and nothing of it is kept.
 */
final class RegistryState {

    /** Past this many distinct names that listeners match, plans are computed per emit instead of cached. */
    static final int MAX_CACHED_PLANS = 4096;

    /** The most bytes the names of cached plans that listeners match may take (see {@link NameBudget#bytesOf}). */
    static final long MAX_CACHED_PLAN_BYTES = 4L * 1024 * 1024;

    /** Past this many distinct names that no listener matches, their (empty) plans are computed per emit. */
    static final int MAX_UNMATCHED_PLANS = 1024;

    /** The most bytes the names of cached plans that no listener matches may take. */
    static final long MAX_UNMATCHED_PLAN_BYTES = 256L * 1024;

    /** Slots of the lookup that finds the plan of a name passed as the same String instance as before. */
    private static final int RECENT_SLOTS = 64;

    /**
     * The longest name whose uncached plan may take a recent slot (a constant name past the budgets keeps its fast
     * path): the slots then hold at most {@code RECENT_SLOTS} times this many characters of such names.
     */
    private static final int MAX_RECENT_UNCACHED_NAME = 256;

    /** Every registration, in registration order. */
    final Registration[] registrations;

    /** Registrations listening to each of the emitter's own events, see {@link EmitterEvents}. */
    private final int[] emitterEventListeners;

    private final ConcurrentHashMap<String, DispatchPlan> plans;

    /** The room of the plans that call a listener. */
    private final NameBudget matched = new NameBudget(MAX_CACHED_PLANS, MAX_CACHED_PLAN_BYTES);

    /** The room of the empty plans, kept apart so that they cannot take the room of the others. */
    private final NameBudget unmatched = new NameBudget(MAX_UNMATCHED_PLANS, MAX_UNMATCHED_PLAN_BYTES);

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
     * @param plans plans that are still valid for this version, each counted against its budget again
     */
    private RegistryState(Registration[] registrations, int[] emitterEventListeners,
            Collection<DispatchPlan> plans) {
        this.registrations = registrations;
        this.emitterEventListeners = emitterEventListeners.clone();
        this.plans = new ConcurrentHashMap<>(Math.max(16, plans.size() * 4 / 3 + 1));
        for (DispatchPlan plan : plans) {
            // the same bounds as the version they come from: they fit
            if (budgetOf(plan).tryClaim(plan.event)) {
                this.plans.put(plan.event, plan);
            }
        }
    }

    /**
     * The first version of an emitter's registry. Each emitter needs its own: plans hold the emitter's instruments.
     * @return a version with nothing registered
     */
    static RegistryState empty() {
        return new RegistryState(new Registration[0], EmitterEvents.newCounts(), List.of());
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
        List<DispatchPlan> kept = new ArrayList<>(this.plans.size());
        for (DispatchPlan plan : this.plans.values()) {
            if (!affectsAny(added, plan)) {
                kept.add(plan);
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
        List<DispatchPlan> kept = new ArrayList<>(this.plans.size());
        for (DispatchPlan plan : this.plans.values()) {
            if (!callsAny(plan, removed)) {
                kept.add(plan);
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
            NameBudget budget = budgetOf(plan);
            if (!budget.tryClaim(event)) {
                // not cached; a long name is not remembered in the recent slots either: nothing of it stays
                if (event.length() <= MAX_RECENT_UNCACHED_NAME) {
                    this.recent[System.identityHashCode(event) & (RECENT_SLOTS - 1)] = plan;
                }
                return plan;
            }
            DispatchPlan existing = this.plans.putIfAbsent(event, plan);
            if (existing != null) {
                budget.release(event);
                plan = existing;
            }
        }
        if (plan.event == event) {
            // a name built anew for every emit is another instance each time: it would only evict others
            this.recent[System.identityHashCode(event) & (RECENT_SLOTS - 1)] = plan;
        }
        return plan;
    }

    private NameBudget budgetOf(DispatchPlan plan) {
        return plan.isEmpty() ? this.unmatched : this.matched;
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

    /** The budgets' use, for tests: entries and bytes of the plans that call listeners, then of the empty ones. */
    long[] cachedPlanUse() {
        return new long[] { this.matched.entries(), this.matched.bytes(), this.unmatched.entries(),
                this.unmatched.bytes() };
    }

    /** The names of the cached plans, for tests that measure what the cache keeps. */
    Set<String> cachedNames() {
        return Set.copyOf(this.plans.keySet());
    }
}
