package dev.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.eventbus.Emitter;
import dev.eventbus.Subscription;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.ListenerDefinition;

/**
 * Registers the {@code @On} methods of a context's beans, bean after bean, with the same outcome as registering each
 * bean on its own, in as few registry versions as that allows: one copy of the registry for all of them, rather than
 * one per bean.
 * <p>
 * Registering a bean announces each of its listeners with {@code "newListener"} to the listeners already registered,
 * and closing it announces their removal with {@code "removeListener"}. As long as no listener hears either (none
 * matches those names), nothing is announced, so the beans go to the registry together and leave it with one removal.
 * From the first bean that declares such a listener on (or from the start, when the emitter already has one), each
 * bean is registered, and closed, on its own again, so that every such listener hears what it heard when each bean was
 * registered alone, and sees the registry as it was then.
 */
final class BeanRegistrationBatch {

    private static final String NEW_LISTENER = "newListener";

    private static final String REMOVE_LISTENER = "removeListener";

    private final DefinitionRegistrar registrar;

    private final Consumer<Subscription> subscriptions;

    private final List<ListenerDefinition> pending = new ArrayList<>();

    /** Whether a registered listener hears announcements, so that each bean must go on its own. */
    private boolean announced;

    /**
     * @param emitter the emitter, a {@link DefinitionRegistrar}
     * @param subscriptions takes each subscription made, in the order they are made
     */
    BeanRegistrationBatch(Emitter emitter, Consumer<Subscription> subscriptions) {
        this.registrar = (DefinitionRegistrar) emitter;
        this.subscriptions = subscriptions;
        this.announced = emitter.listenerCount(NEW_LISTENER) > 0 || emitter.listenerCount(REMOVE_LISTENER) > 0;
    }

    /**
     * Registers the definitions of the next bean, now or with the beans before it.
     * @param definitions the bean's definitions
     */
    void add(List<ListenerDefinition> definitions) {
        if (this.announced) {
            this.subscriptions.accept(this.registrar.register(definitions));
            return;
        }
        this.pending.addAll(definitions);
        if (hearsAnnouncements(definitions)) {
            // the beans after this one are announced to it: they go on their own, once it is registered
            finish();
            this.announced = true;
        }
    }

    /** Registers the definitions added and not registered yet. */
    void finish() {
        if (!this.pending.isEmpty()) {
            this.subscriptions.accept(this.registrar.register(List.copyOf(this.pending)));
            this.pending.clear();
        }
    }

    private static boolean hearsAnnouncements(List<ListenerDefinition> definitions) {
        for (ListenerDefinition definition : definitions) {
            for (String pattern : definition.patterns()) {
                EventPattern parsed = EventPattern.parse(pattern);
                if (parsed.matches(NEW_LISTENER) || parsed.matches(REMOVE_LISTENER)) {
                    return true;
                }
            }
        }
        return false;
    }

}
