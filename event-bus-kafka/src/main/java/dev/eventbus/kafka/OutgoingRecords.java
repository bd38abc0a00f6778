package dev.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import dev.eventbus.Event;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record a published event leaves as, made at the emit: its route's topic and key, the JSON of its arguments,
 * the CloudEvents headers (its {@code ce_time} the emit's) and the emitting thread's trace context.
 */
final class OutgoingRecords {

    private final PublishRoutes routes;

    private final EventRecords records;

    private final TraceHeaders trace;

    private final Clock clock;

    OutgoingRecords(PublishRoutes routes, EventRecords records, TraceHeaders trace, Clock clock) {
        this.routes = routes;
        this.records = records;
        this.trace = trace;
        this.clock = clock;
    }

    /**
     * The record of an event.
     * @param withTrace whether to add the trace headers (not when the sending template's observation adds them)
     * @throws IllegalArgumentException when the key cannot be computed or an argument cannot be written
     */
    ProducerRecord<String, byte[]> recordOf(Event event, boolean withTrace) {
        PublishRoutes.Route route = this.routes.route(event.name());
        ProducerRecord<String, byte[]> record = this.records.record(event, route.topic(), route.keyOf(event),
                this.clock.instant());
        if (withTrace) {
            for (Map.Entry<String, String> header : this.trace.capture().entrySet()) {
                record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return record;
    }

}
