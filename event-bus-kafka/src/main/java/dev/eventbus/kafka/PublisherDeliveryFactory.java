package dev.eventbus.kafka;

import dev.eventbus.Phase;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.Invocation;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.transaction.OutsideTransaction;
import dev.eventbus.transaction.TransactionPhaseDeliveryFactory;
import org.jspecify.annotations.Nullable;

/**
 * The delivery of the {@link KafkaPublisher} (no outbox): the record is handed to the producer after the commit of
 * the transaction active at the emit, on the committing thread, or at the emit outside one, on the emitting thread;
 * a send of a transaction that rolled back never happens. Each thread's sends reach the producer in the order of its
 * emits and commits, so events of one key keep that order. The run is an async listener's: its failure (the
 * producer's, or the broker's later) reaches {@code "error"} rather than the committing or emitting caller. Handing
 * a record to the producer waits only when the producer has no metadata for its topic yet (at most
 * {@code max.block.ms}), as {@code KafkaTemplate.send} does. (The outbox's publisher is a plain sync listener: it
 * writes at the emit, in the transaction.)
 */
final class PublisherDeliveryFactory implements DeliveryFactory {

    /** Runs the invocation here and now, its failure routed as an async listener's. */
    private static final Delivery RUN_HERE = Invocation::run;

    @Override
    public @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
        if (!KafkaPublisher.ID.equals(definition.id()) || !definition.async()) {
            return null;
        }
        return new TransactionPhaseDeliveryFactory(OutsideTransaction.RUN)
            .deliveryFor(definition.inPhase(Phase.AFTER_COMMIT), RUN_HERE);
    }

}
