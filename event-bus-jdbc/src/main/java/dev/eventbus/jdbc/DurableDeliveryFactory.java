package dev.eventbus.jdbc;

import java.lang.reflect.Type;
import java.util.List;

import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.json.JsonTypeCheck;
import org.jspecify.annotations.Nullable;

/**
 * Gives every durable listener ({@code @On(durable = true)}) its {@link DurableListenerDelivery}, after checking
 * that its parameter types can be stored as JSON and bound back.
 */
final class DurableDeliveryFactory implements DeliveryFactory {

    private final PublicationWriter writer;

    private final ArgumentCodec codec;

    private final JsonTypeCheck typeCheck;

    private final DurableListeners listeners;

    DurableDeliveryFactory(PublicationWriter writer, ArgumentCodec codec, DurableListeners listeners) {
        this.writer = writer;
        this.codec = codec;
        this.typeCheck = new JsonTypeCheck(codec.mapper());
        this.listeners = listeners;
    }

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (!definition.durable()) {
            return null;
        }
        List<Type> types = definition.invoker().argumentTypes();
        if (types != null) {
            for (int i = 0; i < types.size(); i++) {
                String problem = this.typeCheck.problem(types.get(i));
                if (problem != null) {
                    throw new ListenerDefinitionException("Durable listener '" + definition.id() + "' cannot store "
                            + "argument " + i + " of type " + types.get(i).getTypeName() + ": it " + problem
                            + ". A durable listener's arguments are stored as JSON and bound back to its declared "
                            + "parameter types; declare a concrete type (a record, a String, a number, a "
                            + "List<SomeRecord>), or remove durable = true");
                }
            }
        }
        DurableListenerDelivery durable = new DurableListenerDelivery(definition.id(), delivery,
                this.codec.resolve(types), this.writer);
        this.listeners.add(durable);
        return durable;
    }

}
