package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.eventbus.Instances;
import dev.eventbus.Listener;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Subscription;
import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The emitter's listeners: a copy-on-write {@link RegistryState} that emits read without a lock, replaced under one
 * lock by registering and removing, with the counts per name or pattern behind {@code eventNames()} and the
 * max-listeners warning.
 */
final class ListenerRegistry {

    /** The emitter's log category, shared by the classes it is made of. */
    private static final Log logger = LogFactory.getLog(DefaultEmitter.class);

    private final Object lock = new Object();

    /** Chooses, once per definition, how its invocations are carried out. */
    private final Function<ListenerDefinition, Delivery> deliveries;

    /** Emits {@code "newListener"} and {@code "removeListener"}: {@code (event, pattern, info)}. */
    private final Announcer announcer;

    private final Consumer<RegistryState> publisher;

    private final Set<String> leakWarnings = new HashSet<>();

    /**
     * Registrations per name or pattern, in first-registration order; guarded by {@link #lock}. Kept here rather
     * than copied into every registry version, so that registering n listeners one by one costs O(n), not O(n²).
     */
    private final Map<String, Integer> countsByPattern = new LinkedHashMap<>();

    private volatile RegistryState state = RegistryState.empty();

    private volatile int maxListeners;

    private long headPosition;

    private long tailPosition;

    /**
     * Creates a registry.
     * @param maxListeners the leak-warning threshold
     * @param deliveries chooses each definition's delivery
     * @param announcer emits the emitter's own registry events
     * @param publisher told each new version, under the registry's lock, so that the emit path can hold it directly
     */
    ListenerRegistry(int maxListeners, Function<ListenerDefinition, Delivery> deliveries, Announcer announcer,
            Consumer<RegistryState> publisher) {
        setMaxListeners(maxListeners);
        this.deliveries = deliveries;
        this.announcer = announcer;
        this.publisher = publisher;
    }

    /** Replaces the current version. Under the lock. */
    private void publish(RegistryState next) {
        this.state = next;
        this.publisher.accept(next);
    }

    /** The current version: what an emit, an inspection or a failure report reads, once, and keeps using. */
    RegistryState state() {
        return this.state;
    }

    int getMaxListeners() {
        return this.maxListeners;
    }

    void setMaxListeners(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Max listeners must be 0 (unlimited) or positive, but was " + max);
        }
        this.maxListeners = max;
    }

    /**
     * Checks that a durable or cross-instance listener has an id of its own: a stored or received event names its
     * listener by id, so two listeners under that id could not be told apart. Checked before any delivery is chosen
     * (a module's delivery factory may keep what it is offered), and only such a listener's registration pays for it.
     * @throws ListenerDefinitionException naming the id when it is taken
     */
    private static void requireUniqueIds(List<ListenerDefinition> definitions, Registration[] existing) {
        for (ListenerDefinition definition : definitions) {
            if (!definition.durable() && definition.instances() == Instances.THIS) {
                continue;
            }
            String id = definition.id();
            for (Registration other : existing) {
                if (other.info.id().equals(id)) {
                    throw idTaken(definition, other.info.pattern());
                }
            }
            for (ListenerDefinition other : definitions) {
                if (other != definition && other.id().equals(id)) {
                    throw idTaken(definition, other.patterns().get(0));
                }
            }
        }
    }

    private static ListenerDefinitionException idTaken(ListenerDefinition definition, String otherPattern) {
        return new ListenerDefinitionException("Listener id '" + definition.id() + "' is taken by another listener "
                + "(on '" + otherPattern + "'), and a " + (definition.durable() ? "durable" : "cross-instance")
                + " listener needs an id of its own: its stored and received events name it by id. Give one of "
                + "them another id (@On(id = ...))");
    }

    /**
     * Registers definitions, all or nothing, each under each of its patterns; announces each registration first.
     * @param definitions the definitions
     * @param prepend whether they go before every registration made so far (keeping their own order)
     * @return a subscription whose {@code close()} removes every registration made
     */
    Subscription add(List<ListenerDefinition> definitions, boolean prepend) {
        requireUniqueIds(definitions, this.state.registrations);
        RegistrationGroup group = new RegistrationGroup(this);
        List<Registration> created = new ArrayList<>();
        for (ListenerDefinition definition : definitions) {
            AtomicInteger definitionGate = new AtomicInteger(definition.maxCalls());
            Delivery delivery = this.deliveries.apply(definition);
            for (String pattern : definition.patterns()) {
                created.add(new Registration(definition, EventPattern.parse(pattern), definitionGate, group,
                        delivery));
            }
        }
        group.setRegistrations(created);
        if (this.state.listensTo(EmitterEvents.NEW_LISTENER_BIT)) {
            for (Registration registration : created) {
                this.announcer.announce(EmitterEvents.NEW_LISTENER, registration.info);
            }
        }
        List<String> warnings = new ArrayList<>();
        synchronized (this.lock) {
            RegistryState current = this.state;
            int[] emitterEventListeners = current.emitterEventListeners();
            Registration[] next = Arrays.copyOf(current.registrations, current.registrations.length + created.size());
            int index = current.registrations.length;
            List<Registration> ordered = new ArrayList<>(created);
            if (prepend) {
                Collections.reverse(ordered);
            }
            for (Registration registration : ordered) {
                registration.position = prepend ? --this.headPosition : ++this.tailPosition;
                next[index++] = registration;
                EmitterEvents.count(emitterEventListeners, registration.emitterEvents, 1);
                String warning = counted(registration.info.pattern());
                if (warning != null) {
                    warnings.add(warning);
                }
            }
            publish(current.withAdded(next, emitterEventListeners, created));
        }
        for (String warning : warnings) {
            logger.warn(warning);
        }
        return group;
    }

    /** Counts one more registration of a pattern; returns the leak warning it triggers, if any. Under the lock. */
    private @Nullable String counted(String pattern) {
        int count = this.countsByPattern.merge(pattern, 1, Integer::sum);
        int max = this.maxListeners;
        if (max > 0 && count > max && this.leakWarnings.add(pattern)) {
            return "MaxListenersExceeded: possible event-bus listener leak: " + count + " listeners registered for '"
                    + pattern + "' (limit " + max + "). Remove listeners you no longer need, or raise the limit with "
                    + "setMaxListeners() or the eventbus.max-listeners property";
        }
        return null;
    }

    /**
     * Removes registrations that are still in place; announces each one removed.
     * @param registrations the registrations to remove
     * @return how many were removed
     */
    int remove(List<Registration> registrations) {
        if (registrations.isEmpty()) {
            return 0;
        }
        List<Registration> removed = new ArrayList<>();
        synchronized (this.lock) {
            RegistryState current = this.state;
            Set<Registration> targets = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Registration registration : registrations) {
                if (registration.active) {
                    targets.add(registration);
                }
            }
            if (targets.isEmpty()) {
                return 0;
            }
            List<Registration> kept = new ArrayList<>(current.registrations.length);
            int[] emitterEventListeners = current.emitterEventListeners();
            for (Registration registration : current.registrations) {
                if (targets.contains(registration)) {
                    registration.active = false;
                    EmitterEvents.count(emitterEventListeners, registration.emitterEvents, -1);
                    removed.add(registration);
                    uncounted(registration.info.pattern());
                }
                else {
                    kept.add(registration);
                }
            }
            publish(current.withRemoved(kept.toArray(Registration[]::new), emitterEventListeners, targets));
        }
        if (this.state.listensTo(EmitterEvents.REMOVE_LISTENER_BIT)) {
            for (Registration registration : removed) {
                this.announcer.announce(EmitterEvents.REMOVE_LISTENER, registration.info);
            }
        }
        return removed.size();
    }

    /** Counts one registration of a pattern less. Under the lock. */
    private void uncounted(String pattern) {
        if (this.countsByPattern.merge(pattern, -1, Integer::sum) <= 0) {
            this.countsByPattern.remove(pattern);
            // as in Node, a name that lost its last listener may warn again; and names built from data, registered
            // and removed, must not be remembered forever
            this.leakWarnings.remove(pattern);
        }
    }

    /**
     * Removes the most recent registration of a listener object under exactly a name or pattern.
     * @return whether one was removed
     */
    boolean off(String pattern, Object listener) {
        Registration[] registrations = this.state.registrations;
        for (int i = registrations.length - 1; i >= 0; i--) {
            Registration registration = registrations[i];
            if (registration.info.pattern().equals(pattern) && registration.invoker.identity() == listener
                    && remove(List.of(registration)) == 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes every registration under exactly a name or pattern, as Node does: one at a time, the last in dispatch
     * order first, each announced before the next goes, so that a {@code removeListener} listener sees the count
     * fall one by one.
     * @return how many were removed
     */
    int removeAll(String pattern) {
        List<Registration> under = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            if (registration.info.pattern().equals(pattern)) {
                under.add(registration);
            }
        }
        return removeNewestFirst(under);
    }

    /**
     * Removes every registration present when it starts, as Node does: name by name in first-registration order, each
     * as {@link #removeAll(String)} does, then the {@code removeListener} listeners, newest first, so that each hears
     * about every removal made before its own. A registration made meanwhile (by a {@code removeListener} listener)
     * stays.
     * @return how many were removed
     */
    int removeAll() {
        List<String> patterns;
        Registration[] present;
        synchronized (this.lock) {
            patterns = new ArrayList<>(this.countsByPattern.keySet());
            present = this.state.registrations;
        }
        if (!this.state.listensTo(EmitterEvents.REMOVE_LISTENER_BIT)) {
            // nobody to tell: all at once
            return remove(Arrays.asList(present));
        }
        Map<String, List<Registration>> byPattern = new HashMap<>();
        List<Registration> announcers = new ArrayList<>();
        for (Registration registration : present) {
            if (registration.pattern.matches(EmitterEvents.REMOVE_LISTENER)) {
                announcers.add(registration);
            }
            else {
                byPattern.computeIfAbsent(registration.info.pattern(), (key) -> new ArrayList<>()).add(registration);
            }
        }
        int removed = 0;
        for (String pattern : patterns) {
            List<Registration> under = byPattern.get(pattern);
            if (under != null) {
                removed += removeNewestFirst(under);
            }
        }
        return removed + removeNewestFirst(announcers);
    }

    /**
     * Removes registrations one at a time, the last in dispatch order first, announcing each before the next goes;
     * the rest at once as soon as nobody listens to {@code removeListener}.
     */
    private int removeNewestFirst(List<Registration> registrations) {
        List<Registration> newestFirst = new ArrayList<>(registrations);
        newestFirst.sort(DispatchPlan.DISPATCH_ORDER.reversed());
        int removed = 0;
        for (int i = 0; i < newestFirst.size(); i++) {
            if (!this.state.listensTo(EmitterEvents.REMOVE_LISTENER_BIT)) {
                return removed + remove(newestFirst.subList(i, newestFirst.size()));
            }
            removed += remove(List.of(newestFirst.get(i)));
        }
        return removed;
    }

    /** The listener objects registered under exactly a name or pattern, in dispatch order. */
    List<Listener> rawListeners(String pattern) {
        List<Registration> under = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            if (registration.info.pattern().equals(pattern)) {
                under.add(registration);
            }
        }
        under.sort(DispatchPlan.DISPATCH_ORDER);
        List<Listener> listeners = new ArrayList<>(under.size());
        for (Registration registration : under) {
            Object identity = registration.invoker.identity();
            listeners.add((identity instanceof Listener listener) ? listener
                    : new InvokerListener(registration.invoker));
        }
        return List.copyOf(listeners);
    }

    List<ListenerInfo> registrations() {
        List<ListenerInfo> infos = new ArrayList<>();
        for (Registration registration : this.state.registrations) {
            infos.add(registration.info);
        }
        return List.copyOf(infos);
    }

    Set<String> eventNames() {
        synchronized (this.lock) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(this.countsByPattern.keySet()));
        }
    }

    /** How many names or patterns are counted, and how many of them are remembered as warned about. */
    int[] countedAndWarned() {
        synchronized (this.lock) {
            return new int[] { this.countsByPattern.size(), this.leakWarnings.size() };
        }
    }

    /** Emits one of the emitter's own registry events. */
    @FunctionalInterface
    interface Announcer {

        void announce(String event, ListenerInfo registration);

    }

}
