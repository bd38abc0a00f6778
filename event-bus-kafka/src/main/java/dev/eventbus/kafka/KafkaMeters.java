package dev.eventbus.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Instances;
import dev.eventbus.metrics.EventTagLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The meters of events crossing instances: {@code eventbus.kafka.sent} (tags {@code event}, {@code outcome}),
 * {@code eventbus.kafka.received} ({@code event}, {@code instances}), {@code eventbus.kafka.deduplicated}
 * ({@code event}, {@code listener}) and {@code eventbus.kafka.dead.lettered} ({@code event}, {@code reason}); the
 * {@code event} tag is capped as on the other {@code eventbus.*} meters. Without a registry, nothing is recorded.
 */
final class KafkaMeters {

    static final String SENT = "eventbus.kafka.sent";

    static final String RECEIVED = "eventbus.kafka.received";

    static final String DEDUPLICATED = "eventbus.kafka.deduplicated";

    static final String DEAD_LETTERED = "eventbus.kafka.dead.lettered";

    private final @Nullable MeterRegistry registry;

    private final EventTagLimiter tags;

    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    KafkaMeters(@Nullable MeterRegistry registry, int maxEventTags) {
        this.registry = registry;
        this.tags = new EventTagLimiter(maxEventTags, "the eventbus.kafka.* meters", KafkaMeters.class);
    }

    void sent(String event, boolean success) {
        count(SENT, "Events sent to Kafka, by whether the broker acknowledged them", event, "outcome",
                success ? "success" : "failure");
    }

    void received(String event, Instances audience) {
        count(RECEIVED, "Events received from Kafka for the listeners of an audience", event, "instances",
                audience.name().toLowerCase(Locale.ROOT));
    }

    void deduplicated(String event, String listenerId) {
        count(DEDUPLICATED, "Received events a listener had already run for (its inbox held them)", event,
                "listener", listenerId);
    }

    void deadLettered(String event, String reason) {
        count(DEAD_LETTERED, "Records sent to a dead-letter topic", event, "reason", reason);
    }

    private void count(String name, String description, String event, String tag, String value) {
        if (this.registry == null) {
            return;
        }
        String eventTag = this.tags.tagFor(event);
        MeterRegistry registry = this.registry;
        // registered once per series: the registry's own lookup is not free, and this runs per record
        this.counters.computeIfAbsent(List.of(name, eventTag, tag, value), (key) -> Counter.builder(name)
            .description(description)
            .tag("event", eventTag)
            .tag(tag, value)
            .register(registry))
            .increment();
    }

}
