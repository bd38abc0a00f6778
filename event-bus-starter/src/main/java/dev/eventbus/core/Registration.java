package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
     * lets a once-definition fire once across all of its patterns.
     */
    final AtomicBoolean definition;

    final boolean once;

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
     * once-listener, whose invoker has no condition.
     */
    final boolean direct;

    /** Whether delivering to it needs the event envelope; when no listener of an emit does, none is created. */
    final boolean needsEvent;

    /** Resolved once per emitted name this registration is dispatched for, bounded like the plan cache. */
    private final Map<EventInstruments, ListenerInstruments> instruments = new ConcurrentHashMap<>();

    /** Which of the emitter's own events this registration's pattern matches, as {@link EmitterEvents} bits. */
    final int emitterEvents;

    long position;

    volatile boolean active = true;

    Registration(ListenerDefinition definition, EventPattern pattern, AtomicBoolean definitionGate,
            RegistrationGroup group, Delivery delivery) {
        this.info = new ListenerInfo(definition.id(), pattern.source(), definition.order(), definition.async(),
                definition.once(), definition.condition());
        this.pattern = pattern;
        this.invoker = definition.invoker();
        this.async = definition.async();
        this.once = definition.once();
        this.definition = definitionGate;
        this.emitterEvents = EmitterEvents.matchedBy(pattern);
        this.group = group;
        this.delivery = delivery;
        this.inline = delivery instanceof InlineDelivery;
        this.direct = this.inline && !this.once && this.invoker.invokesDirectly();
        this.needsEvent = !this.direct || this.invoker.needsEvent();
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
     * The registrations made from the same definition (one per pattern), removed together when a once-listener fires.
     * @return this registration and its siblings
     */
    List<Registration> onceSiblings() {
        List<Registration> siblings = new ArrayList<>();
        for (Registration registration : this.group.registrations()) {
            if (registration.definition == this.definition) {
                siblings.add(registration);
            }
        }
        return siblings;
    }

    /**
     * Claims the single call of a once-listener.
     * @return whether this caller may run it
     */
    boolean claimOnce() {
        return this.definition.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return this.info.id() + "@" + this.pattern;
    }
}
