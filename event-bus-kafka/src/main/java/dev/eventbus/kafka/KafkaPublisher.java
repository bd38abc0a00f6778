package dev.eventbus.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.eventbus.Event;
import dev.eventbus.StageListener;

import org.springframework.kafka.core.KafkaOperations;

/**
 * The listener that sends published events ({@code eventbus.kafka.publish}) to Kafka when there is no outbox, after
 * the commit or at the emit ({@link PublisherDeliveryFactory}): its work ends when the broker has acknowledged the record, and a failed send reaches
 * {@code "error"}. The acknowledgement is followed on a thread of the bus's, never on the producer's own I/O thread.
 */
final class KafkaPublisher implements StageListener {

    /** The publisher's listener id. */
    static final String ID = "eventbus.kafka.publisher";

    private final KafkaOperations<String, byte[]> kafka;

    private final OutgoingRecords records;

    private final KafkaMeters meters;

    private final Executor completions;

    KafkaPublisher(KafkaOperations<String, byte[]> kafka, OutgoingRecords records, KafkaMeters meters,
            Executor completions) {
        this.kafka = kafka;
        this.records = records;
        this.meters = meters;
        this.completions = completions;
    }

    @Override
    public CompletionStage<?> handle(Event event) {
        CompletableFuture<?> sent;
        try {
            // the template's observation adds the trace headers: it runs in the emit's (or the commit's) context
            sent = this.kafka.send(this.records.recordOf(event, false));
        }
        catch (RuntimeException ex) {
            this.meters.sent(event.name(), false);
            throw ex;
        }
        return sent.whenCompleteAsync((result, failure) -> this.meters.sent(event.name(), failure == null),
                this.completions);
    }

    @Override
    public String toString() {
        return ID;
    }

}
