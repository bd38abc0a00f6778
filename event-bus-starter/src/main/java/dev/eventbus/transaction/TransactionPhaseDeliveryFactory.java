package dev.eventbus.transaction;

import dev.eventbus.Phase;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.ListenerDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Gives every listener with a transaction phase ({@code @On(phase = ...)} other than {@code IMMEDIATE}) a
 * {@link TransactionPhaseDelivery} around the delivery it would have had. A durable listener is left to the module
 * that delivers durable listeners, which runs it after the commit anyway.
 */
public final class TransactionPhaseDeliveryFactory implements DeliveryFactory {

    private final OutsideTransaction outside;

    /**
     * Creates the factory.
     * @param outside what a phase listener does when its event is emitted with no transaction active
     */
    public TransactionPhaseDeliveryFactory(OutsideTransaction outside) {
        Assert.notNull(outside, "OutsideTransaction must not be null");
        this.outside = outside;
    }

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (definition.phase() == Phase.IMMEDIATE || definition.durable()) {
            return null;
        }
        return new TransactionPhaseDelivery(definition.phase(), definition.async(), delivery, this.outside);
    }

}
