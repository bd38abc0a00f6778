package dev.eventbus.core;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;

/**
 * One listener under one name or pattern: what the registry stores and what a dispatch plan calls.
 */
final class Registration {

    final ListenerInfo info;

    final EventPattern pattern;

    final ListenerInvoker invoker;

    final boolean async;

    /** Shared by every registration of a once-definition, so that it fires once across all of its patterns. */
    final AtomicBoolean onceGate;

    final boolean once;

    final RegistrationGroup group;

    long position;

    volatile boolean active = true;

    Registration(ListenerDefinition definition, EventPattern pattern, AtomicBoolean onceGate, RegistrationGroup group) {
        this.info = new ListenerInfo(definition.id(), pattern.source(), definition.order(), definition.async(),
                definition.once(), definition.condition());
        this.pattern = pattern;
        this.invoker = definition.invoker();
        this.async = definition.async();
        this.once = definition.once();
        this.onceGate = onceGate;
        this.group = group;
    }

    int order() {
        return this.info.order();
    }

    /**
     * Claims the single call of a once-listener.
     * @return whether this caller may run it
     */
    boolean claimOnce() {
        return this.onceGate.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return this.info.id() + "@" + this.pattern;
    }
}
