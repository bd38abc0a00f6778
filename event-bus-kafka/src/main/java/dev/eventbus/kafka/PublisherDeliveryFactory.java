package dev.eventbus.kafka;

import dev.eventbus.Phase;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.transaction.OutsideTransaction;
import dev.eventbus.transaction.TransactionPhaseDeliveryFactory;
import org.jspecify.annotations.Nullable;

/**
 * The delivery of the {@link KafkaPublisher}: its sends go through the {@link SendLane}, in order. As a durable
 * listener (the outbox), the publication log writes each send down at the emit and hands it to the lane after the
 * commit; otherwise the lane takes it after the commit of the transaction active at the emit, or at once outside
 * one, and a send of a transaction that rolled back never happens.
 */
final class PublisherDeliveryFactory implements DeliveryFactory {

    private final SendLane lane;

    PublisherDeliveryFactory(SendLane lane) {
        this.lane = lane;
    }

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (!KafkaPublisher.ID.equals(definition.id())) {
            return null;
        }
        if (definition.durable()) {
            // the publication log wraps it, after this factory
            return this.lane;
        }
        return new TransactionPhaseDeliveryFactory(OutsideTransaction.RUN)
            .deliveryFor(definition.inPhase(Phase.AFTER_COMMIT), this.lane);
    }

}
