package dev.eventbus.kafka;

import java.lang.reflect.Type;
import java.util.List;

import dev.eventbus.Instances;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.Phase;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.Invocation;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.json.JsonTypeCheck;
import org.jspecify.annotations.Nullable;

/**
 * Gives the listeners of other instances their delivery at the emit, and notes them for the records received:
 * an {@code ALL} listener runs at the emit as it would without Kafka (its delivery is wrapped, not changed); a
 * {@code ONE} listener never runs at the emit (its invocation is withdrawn). Both must take arguments that bind from
 * JSON, and neither may be limited or have a condition; a {@code ONE} listener is neither durable nor at a transaction phase (it runs in
 * the consumer's own transaction, where Kafka delivers it).
 */
final class CrossInstanceDeliveryFactory implements DeliveryFactory {

    private final CrossInstanceListeners listeners;

    private final JsonTypeCheck typeCheck;

    CrossInstanceDeliveryFactory(CrossInstanceListeners listeners, JsonTypeCheck typeCheck) {
        this.listeners = listeners;
        this.typeCheck = typeCheck;
    }

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (definition.instances() == Instances.THIS) {
            return null;
        }
        String which = "Listener '" + definition.id() + "' (instances = " + definition.instances() + ")";
        if (definition.maxCalls() > 0) {
            throw new ListenerDefinitionException(which + " cannot be " + ((definition.maxCalls() == 1) ? "once"
                    : "limited to " + definition.maxCalls() + " calls") + ": its calls happen in other instances too, "
                    + "which cannot share a count");
        }
        if (!definition.condition().isEmpty()) {
            throw new ListenerDefinitionException(which + " cannot have a condition ('" + definition.condition()
                    + "'): events received from other instances are not tested against it; test the arguments in "
                    + "the listener instead");
        }
        if (definition.instances() == Instances.ONE && definition.durable()) {
            throw new ListenerDefinitionException(which + " cannot be durable: Kafka keeps its records until it has "
                    + "run (and its inbox keeps it from running twice); remove durable = true");
        }
        if (definition.instances() == Instances.ONE && definition.phase() != Phase.IMMEDIATE) {
            throw new ListenerDefinitionException(which + " cannot run at phase " + definition.phase() + ": it runs "
                    + "where Kafka delivers the event, after the emitting transaction has committed; remove the phase");
        }
        checkTypes(which, definition.invoker().argumentTypes());
        this.listeners.add(definition);
        return (definition.instances() == Instances.ALL) ? new AtEmit(delivery) : NotAtEmit.INSTANCE;
    }

    private void checkTypes(String which, @Nullable List<Type> types) {
        if (types == null) {
            return;
        }
        for (int i = 0; i < types.size(); i++) {
            String problem = this.typeCheck.problem(types.get(i));
            if (problem != null) {
                throw new ListenerDefinitionException(which + " cannot receive argument " + i + " of type "
                        + types.get(i).getTypeName() + " from other instances: it " + problem + ". Arguments travel "
                        + "as JSON and are bound to the declared parameter types; declare a concrete type (a record, "
                        + "a String, a number, a List<SomeRecord>)");
            }
        }
    }

    /** An ALL listener at the emit: as it would run without Kafka. */
    private record AtEmit(Delivery next) implements Delivery {

        @Override
        public void deliver(Invocation invocation) throws Throwable {
            this.next.deliver(invocation);
        }

        @Override
        public String toString() {
            return "all-instances(" + this.next + ")";
        }

    }

    /** A ONE listener at the emit: it runs where Kafka delivers the event, never here and now. */
    private enum NotAtEmit implements Delivery {

        INSTANCE;

        @Override
        public void deliver(Invocation invocation) {
            invocation.withdraw();
        }

        @Override
        public String toString() {
            return "one-instance";
        }

    }

}
