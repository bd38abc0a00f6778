package dev.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.eventbus.Instances;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends records that cannot be read, or whose listener kept failing, to the dead-letter topic of their topic (its
 * name plus {@code eventbus.kafka.dead-letter-suffix}), with the error in Spring Kafka's {@code kafka_dlt-*} headers
 * and who gave up in ours: {@value #AUDIENCE_HEADER}, {@value #GROUP_HEADER}, {@value #INSTANCE_HEADER}, and
 * {@value InboundDispatcher#LISTENER_HEADER} for a listener's failure. The send waits for the broker: a record
 * whose dead letter could not be sent is not committed, and is read again.
 */
final class DeadLetters {

    static final String AUDIENCE_HEADER = "eventbus_instances";

    static final String GROUP_HEADER = "eventbus_group";

    static final String INSTANCE_HEADER = "eventbus_instance";

    private final KafkaOperations<String, byte[]> kafka;

    private final String suffix;

    private final KafkaMeters meters;

    DeadLetters(KafkaOperations<String, byte[]> kafka, String suffix, KafkaMeters meters) {
        this.kafka = kafka;
        this.suffix = suffix;
        this.meters = meters;
    }

    String topicOf(String topic) {
        return topic + this.suffix;
    }

    /**
     * The recoverer of the records of one audience.
     * @param destination the dead-letter topic of a record's topic; the record's own topic when it is one already
     * (a replay)
     */
    ConsumerRecordRecoverer recoverer(Instances audience, String group, String instanceId, boolean replay) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(this.kafka,
                (record, ex) -> new TopicPartition(replay ? record.topic() : topicOf(record.topic()), -1));
        publisher.addHeadersFunction((record, ex) -> headers(audience, group, instanceId, ex));
        return (record, ex) -> {
            publisher.accept(record, ex);
            this.meters.deadLettered(eventName(record), reason(ex));
        };
    }

    private static Headers headers(Instances audience, String group, String instanceId, Exception ex) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AUDIENCE_HEADER, audience.name().getBytes(StandardCharsets.UTF_8));
        headers.add(GROUP_HEADER, group.getBytes(StandardCharsets.UTF_8));
        headers.add(INSTANCE_HEADER, instanceId.getBytes(StandardCharsets.UTF_8));
        ListenerRunException failed = find(ex, ListenerRunException.class);
        if (failed != null) {
            headers.add(InboundDispatcher.LISTENER_HEADER, failed.listenerId().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    static String eventName(ConsumerRecord<?, ?> record) {
        String name = EventRecords.text(record.headers().lastHeader(EventRecords.TYPE));
        return name.isBlank() ? "unknown" : name;
    }

    static String reason(@Nullable Throwable ex) {
        RejectedRecordException rejected = find(ex, RejectedRecordException.class);
        if (rejected != null) {
            return rejected.reason();
        }
        return (find(ex, ListenerRunException.class) != null) ? "listener" : "error";
    }

    static @Nullable <T extends Throwable> T find(@Nullable Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    static Instances audience(String header) {
        return Instances.valueOf(header.toUpperCase(Locale.ROOT));
    }

}
