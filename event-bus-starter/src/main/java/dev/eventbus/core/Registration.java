package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;

/**
 * One listener under one name or pattern: what the registry stores and what a dispatch plan calls.
 */
final class Registration {

    final ListenerInfo info;

    final EventPattern pattern;

    final ListenerInvoker invoker;

    final boolean async;

    /**
     * Shared by the registrations made from one definition (one per pattern): it identifies the definition, and
     * counts the calls a limited definition has left across all of its patterns.
     */
    final AtomicInteger definition;

    /** Whether it may be called only so many times ({@code once}, {@code many}): each call claims one first. */
    final boolean limited;

    final RegistrationGroup group;

    /** How its invocations are carried out, chosen once for its definition. */
    final Delivery delivery;

    /**
     * Whether it runs on the emitting thread within the emit ({@link InlineDelivery}): the dispatcher then runs it
     * itself, without creating an {@link Invocation} for it.
     */
    final boolean inline;

    /**
     * Whether the emit path runs it through {@link ListenerInvoker#invokeDirectly}: an inline listener, not a
     * limited (once or many) listener, whose invoker has no condition.
     */
    final boolean direct;

    /**
     * Whether the emit path checks its arguments only after its direct call failed, when no interceptor observes the
     * run (see {@link ListenerInvoker#checksArgumentsOnFailure()}).
     */
    final boolean checksOnFailure;

    /**
     * Whether delivering to it needs the event envelope; when no listener of an emit does, none is created. An
     * invocation handed off without one makes it only if asked for it (see {@link TrackedInvocation#event()}).
     */
    final boolean needsEvent;

    /**
     * Whether the dispatcher binds its arguments into an array before delivering it (and evaluates its condition
     * with them): an inline listener it does not run directly, or one whose invoker does not invoke directly.
     * Otherwise the dispatcher only checks the arguments, and the invocation calls the listener with the emitted
     * ones ({@link ListenerInvoker#invokeDirectly}).
     */
    final boolean binds;

    /** Resolved once per emitted name this registration is dispatched for, bounded like the plan cache. */
    private final Map<EventInstruments, ListenerInstruments> instruments = new ConcurrentHashMap<>();

    /** Which of the emitter's own events this registration's pattern matches, as {@link EmitterEvents} bits. */
    final int emitterEvents;

    long position;

    volatile boolean active = true;

    Registration(ListenerDefinition definition, EventPattern pattern, AtomicInteger definitionGate,
            RegistrationGroup group, Delivery delivery) {
        this.info = definition.info(pattern.source());
        this.pattern = pattern;
        this.invoker = definition.invoker();
        this.async = definition.async();
        this.limited = definition.maxCalls() > 0;
        this.definition = definitionGate;
        this.emitterEvents = EmitterEvents.matchedBy(pattern);
        this.group = group;
        this.delivery = delivery;
        this.inline = delivery instanceof InlineDelivery;
        this.direct = this.inline && !this.limited && this.invoker.invokesDirectly();
        this.binds = this.inline || !this.invoker.invokesDirectly();
        boolean handsOffDirectly = delivery instanceof HandOffDelivery && !this.binds;
        this.needsEvent = (!this.direct && !handsOffDirectly) || this.invoker.needsEvent();
        this.checksOnFailure = this.direct && this.invoker.checksArgumentsOnFailure();
    }

    ListenerInstruments instrumentsFor(EventInstruments eventInstruments) {
        if (eventInstruments == EventInstruments.NONE) {
            return ListenerInstruments.NONE;
        }
        ListenerInstruments resolved = this.instruments.get(eventInstruments);
        if (resolved == null) {
            resolved = eventInstruments.forListener(this.info);
            if (this.instruments.size() < RegistryState.MAX_CACHED_PLANS) {
                ListenerInstruments existing = this.instruments.putIfAbsent(eventInstruments, resolved);
                resolved = (existing != null) ? existing : resolved;
            }
        }
        return resolved;
    }

    int cachedInstrumentCount() {
        return this.instruments.size();
    }

    int order() {
        return this.info.order();
    }

    /**
     * The registrations made from the same definition (one per pattern), removed together when a limited listener
     * takes its last call.
     * @return this registration and its siblings
     */
    List<Registration> siblings() {
        List<Registration> siblings = new ArrayList<>();
        for (Registration registration : this.group.registrations()) {
            if (registration.definition == this.definition) {
                siblings.add(registration);
            }
        }
        return siblings;
    }

    /**
     * Claims one call of a limited listener, so that concurrent emits never take more calls than it has.
     * @return the calls left after this one ({@code 0}: this is the last, remove it), or {@code -1} when none was
     * left and this caller may not run it
     */
    int claim() {
        while (true) {
            int left = this.definition.get();
            if (left <= 0) {
                return -1;
            }
            if (this.definition.compareAndSet(left, left - 1)) {
                return left - 1;
            }
        }
    }

    @Override
    public String toString() {
        return this.info.id() + "@" + this.pattern;
    }
}
