package dev.eventbus.kafka;

import dev.eventbus.Event;
import dev.eventbus.Listener;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The listener that publishes events through the outbox: at the emit, on the emitting thread, it writes the event's
 * record to the outbox table, in the emitting transaction when there is one (a rollback leaves nothing), and wakes
 * the {@link OutboxSender} once it is committed. A write that fails fails the emit, as a sync listener's failure does.
 */
final class OutboxPublisher implements Listener {

    private final Outbox outbox;

    private final OutgoingRecords records;

    private final OutboxSender sender;

    OutboxPublisher(Outbox outbox, OutgoingRecords records, OutboxSender sender) {
        this.outbox = outbox;
        this.records = records;
        this.sender = sender;
    }

    @Override
    public void onEvent(Event event) {
        this.outbox.append(this.records.recordOf(event, true), event.name());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                @Override
                public void afterCommit() {
                    OutboxPublisher.this.sender.wake();
                }

            });
        }
        else {
            this.sender.wake();
        }
    }

    @Override
    public String toString() {
        return KafkaPublisher.ID;
    }

}
