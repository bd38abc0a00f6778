package dev.eventbus.kafka;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.eventbus.Event;
import dev.eventbus.StageListener;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaOperations;

/**
 * The listener that sends published events ({@code eventbus.kafka.publish}) to Kafka: its work ends when the broker
 * has acknowledged the record, so that with the outbox a publication is completed only then, and without it a failed
 * send reaches {@code "error"}.
 */
final class KafkaPublisher implements StageListener {

    /** The publisher's listener id. */
    static final String ID = "eventbus.kafka.publisher";

    private final KafkaOperations<String, byte[]> kafka;

    private final PublishRoutes routes;

    private final EventRecords records;

    private final KafkaMeters meters;

    private final Clock clock;

    KafkaPublisher(KafkaOperations<String, byte[]> kafka, PublishRoutes routes, EventRecords records,
            KafkaMeters meters, Clock clock) {
        this.kafka = kafka;
        this.routes = routes;
        this.records = records;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public CompletionStage<?> handle(Event event) {
        ProducerRecord<String, byte[]> record;
        CompletableFuture<?> sent;
        try {
            PublishRoutes.Route route = this.routes.route(event.name());
            record = this.records.record(event, route.topic(), route.keyOf(event), this.clock.instant());
            sent = this.kafka.send(record);
        }
        catch (RuntimeException ex) {
            this.meters.sent(event.name(), false);
            throw ex;
        }
        return sent.whenComplete((result, failure) -> this.meters.sent(event.name(), failure == null));
    }

    @Override
    public String toString() {
        return ID;
    }

}
