package dev.eventbus.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.eventbus.Instances;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Replays this group's dead letters: the records of the dead-letter topics that an instance of its group gave up on
 * run again here, through the same dispatch (inbox included), for the one listener that failed when the record says
 * which (header {@value InboundDispatcher#LISTENER_HEADER}), else for all that match. An ALL listener's dead letter
 * runs that listener in the instance that replays it, whichever instance wrote it (instances come and go; the
 * writer may be gone). A record that fails again goes back to the end of its dead-letter topic with its new error.
 * What has been replayed is remembered by the consumer group {@code <group>.replay}, so a record is replayed once
 * per call that reaches it; records of other groups are left to them. A replay that makes no progress for
 * {@value #STALL_SECONDS} seconds (the broker is away) stops, and says so.
 */
final class DeadLetterReplay {

    private static final Duration POLL = Duration.ofMillis(500);

    static final int STALL_SECONDS = 15;

    private final Map<String, Object> consumerProperties;

    private final Set<String> deadLetterTopics;

    private final InboundDispatcher dispatcher;

    private final InboundContainers containers;

    private final Supplier<String> instanceId;

    DeadLetterReplay(Map<String, Object> consumerProperties, Set<String> deadLetterTopics,
            InboundDispatcher dispatcher, InboundContainers containers, Supplier<String> instanceId) {
        this.consumerProperties = Map.copyOf(consumerProperties);
        this.deadLetterTopics = Set.copyOf(deadLetterTopics);
        this.dispatcher = dispatcher;
        this.containers = containers;
        this.instanceId = instanceId;
    }

    String group() {
        return this.containers.groupOf(Instances.ONE);
    }

    /** For each dead-letter topic, how many records this group has not replayed (its own and others'). */
    synchronized Map<String, Long> waiting() {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<String, Long> waiting = new LinkedHashMap<>();
            this.deadLetterTopics.stream().sorted().forEach((topic) -> waiting.put(topic, 0L));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                long from = (done != null) ? done.offset() : starts.getOrDefault(partition, 0L);
                waiting.merge(partition.topic(), Math.max(0, ends.getOrDefault(partition, 0L) - from), Long::sum);
            }
            return waiting;
        }
    }

    /** Replays the dead letters written up to now. */
    synchronized Outcome replay() {
        int replayed = 0;
        int failedAgain = 0;
        int skipped = 0;
        String group = group();
        String instance = this.instanceId.get();
        Map<Instances, ConsumerRecordRecoverer> recoverers = new HashMap<>();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            long lastProgress = System.nanoTime();
            while (!reached(consumer, ends)) {
                var polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                else if (System.nanoTime() - lastProgress > Duration.ofSeconds(STALL_SECONDS).toNanos()) {
                    throw new IllegalStateException("The replay of the dead letters of group " + group + " made no "
                            + "progress for " + STALL_SECONDS + " s (is the broker away?); what it replayed so far "
                            + "is committed: " + replayed + " replayed, " + failedAgain + " failed again, " + skipped
                            + " left to other groups");
                }
                for (ConsumerRecord<String, byte[]> record : polled) {
                    if (record.offset() >= ends.getOrDefault(new TopicPartition(record.topic(),
                            record.partition()), 0L)) {
                        // written after the replay began (by it, or anew): left to the next one
                        continue;
                    }
                    Instances audience = audienceOf(record);
                    if (!group.equals(header(record, DeadLetters.GROUP_HEADER)) || audience == null) {
                        skipped++;
                        continue;
                    }
                    String failedListener = header(record, InboundDispatcher.LISTENER_HEADER);
                    try {
                        this.dispatcher.dispatch(record, audience, failedListener.isEmpty() ? null : failedListener,
                                true);
                        replayed++;
                    }
                    catch (RuntimeException ex) {
                        recoverers.computeIfAbsent(audience, (which) -> this.containers.deadLetters()
                            .recoverer(which, group, instance, true)).accept(record, ex);
                        failedAgain++;
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    positions.put(partition, new OffsetAndMetadata(Math.min(consumer.position(partition),
                            ends.getOrDefault(partition, 0L))));
                }
                consumer.commitSync(positions);
            }
        }
        return new Outcome(replayed, failedAgain, skipped);
    }

    private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Instances audienceOf(ConsumerRecord<?, ?> record) {
        String audience = header(record, DeadLetters.AUDIENCE_HEADER);
        try {
            return audience.isEmpty() ? null : DeadLetters.audience(audience);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return EventRecords.text(record.headers().lastHeader(name));
    }

    private List<TopicPartition> partitions(Consumer<?, ?> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : this.deadLetterTopics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                infos.forEach((info) -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        return partitions;
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(this.consumerProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group() + ".replay");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        return new DefaultKafkaConsumerFactory<String, byte[]>(properties).createConsumer();
    }

    /**
     * What a replay did.
     * @param replayed records whose listeners ran (or found them in their inbox)
     * @param failedAgain records that failed again, back in their dead-letter topic
     * @param skipped records of other groups or instances, left to them
     */
    record Outcome(int replayed, int failedAgain, int skipped) {
    }

}
