package dev.eventbus.kafka;

import dev.eventbus.Phase;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.transaction.OutsideTransaction;
import dev.eventbus.transaction.TransactionPhaseDeliveryFactory;
import org.jspecify.annotations.Nullable;

/**
 * The delivery of the {@link KafkaPublisher} (no outbox): its sends go through the {@link SendLane}, in order, after
 * the commit of the transaction active at the emit, or at once outside one; a send of a transaction that rolled back
 * never happens. (The outbox's publisher is a plain sync listener: it writes at the emit, in the transaction.)
 */
final class PublisherDeliveryFactory implements DeliveryFactory {

    private final SendLane lane;

    PublisherDeliveryFactory(SendLane lane) {
        this.lane = lane;
    }

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (!KafkaPublisher.ID.equals(definition.id()) || !definition.async()) {
            return null;
        }
        // async: after the commit, the committing thread only hands the send to the lane
        return new TransactionPhaseDeliveryFactory(OutsideTransaction.RUN)
            .deliveryFor(definition.inPhase(Phase.AFTER_COMMIT), this.lane);
    }

}
