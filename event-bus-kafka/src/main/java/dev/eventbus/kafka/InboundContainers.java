package dev.eventbus.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.eventbus.Instances;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The consumers of received events, one container per audience that has listeners here:
 * <ul>
 * <li>{@code ALL}: a consumer group of its own per instance ({@code <group>.all.<instance id>}), reading from the
 * end: every instance sees every record from the moment it starts;</li>
 * <li>{@code ONE}: the group {@code eventbus.kafka.group}, reading from the start for a new group: its instances
 * share the partitions, so each record reaches one of them.</li>
 * </ul>
 * Both read the default topic and every route's topic. A listener that fails is tried again with back-off
 * ({@code eventbus.kafka.retry.*}); then, or at once for a record that cannot be read, the record goes to the
 * dead-letter topic.
 */
final class InboundContainers implements SmartLifecycle {

    private final Map<String, Object> consumerProperties;

    private final InboundDispatcher dispatcher;

    private final CrossInstanceListeners listeners;

    private final DeadLetters deadLetters;

    private final Set<String> topics;

    private final @Nullable String group;

    private final Supplier<String> instanceId;

    private final KafkaBusProperties properties;

    private final @Nullable ObservationRegistry observations;

    private final List<DefaultKafkaConsumerFactoryCustomizer> customizers;

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();

    private volatile boolean running;

    InboundContainers(Map<String, Object> consumerProperties, InboundDispatcher dispatcher,
            CrossInstanceListeners listeners, DeadLetters deadLetters, Set<String> topics, @Nullable String group,
            Supplier<String> instanceId, KafkaBusProperties properties, @Nullable ObservationRegistry observations,
            List<DefaultKafkaConsumerFactoryCustomizer> customizers) {
        this.consumerProperties = Map.copyOf(consumerProperties);
        this.dispatcher = dispatcher;
        this.listeners = listeners;
        this.deadLetters = deadLetters;
        this.topics = Set.copyOf(topics);
        this.group = group;
        this.instanceId = instanceId;
        this.properties = properties;
        this.observations = observations;
        this.customizers = List.copyOf(customizers);
    }

    /** The group of an audience's consumers here. */
    String groupOf(Instances audience) {
        String base = (this.group != null) ? this.group : "eventbus";
        return (audience == Instances.ALL) ? base + ".all." + this.instanceId.get() : base;
    }

    DeadLetters deadLetters() {
        return this.deadLetters;
    }

    List<ConcurrentMessageListenerContainer<String, byte[]>> containers() {
        return List.copyOf(this.containers);
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        if (this.listeners.any(Instances.ONE) && this.group == null) {
            throw new IllegalStateException("Listeners with instances = ONE need a group whose instances share "
                    + "their work: set eventbus.kafka.group (or spring.application.name)");
        }
        try {
            for (Instances audience : List.of(Instances.ALL, Instances.ONE)) {
                if (this.listeners.any(audience)) {
                    ConcurrentMessageListenerContainer<String, byte[]> container = container(audience);
                    this.containers.add(container);
                    container.start();
                }
            }
        }
        catch (RuntimeException ex) {
            stop();
            throw ex;
        }
        this.running = true;
    }

    private ConcurrentMessageListenerContainer<String, byte[]> container(Instances audience) {
        Map<String, Object> consumer = new HashMap<>(this.consumerProperties);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(audience));
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, (audience == Instances.ALL) ? "latest" : "earliest");
        consumer.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        ContainerProperties container = new ContainerProperties(this.topics.toArray(String[]::new));
        container.setMessageListener((MessageListener<String, byte[]>) (record) -> this.dispatcher.dispatch(record,
                audience));
        if (this.observations != null) {
            container.setObservationEnabled(true);
            container.setObservationRegistry(this.observations);
            container.setObservationConvention(new BusObservations.Receive());
        }
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumer);
        // Spring Boot's customizers: its client metrics among them
        this.customizers.forEach((customizer) -> customizer.customize(consumers));
        ConcurrentMessageListenerContainer<String, byte[]> listenerContainer = new ConcurrentMessageListenerContainer<>(
                consumers, container);
        listenerContainer.setConcurrency(this.properties.getConcurrency());
        listenerContainer.setBeanName("eventbus-kafka-" + audience.name().toLowerCase(java.util.Locale.ROOT));
        listenerContainer.setCommonErrorHandler(errorHandler(audience, false));
        return listenerContainer;
    }

    DefaultErrorHandler errorHandler(Instances audience, boolean replay) {
        KafkaBusProperties.Retry retry = this.properties.getRetry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.getAttempts() - 1);
        backOff.setInitialInterval(retry.getInitialInterval().toMillis());
        backOff.setMultiplier(retry.getMultiplier());
        backOff.setMaxInterval(retry.getMaxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(this.deadLetters.recoverer(audience,
                groupOf(Instances.ONE), this.instanceId.get(), replay), backOff);
        handler.addNotRetryableExceptions(RejectedRecordException.class);
        return handler;
    }

    @Override
    public synchronized void stop() {
        for (ConcurrentMessageListenerContainer<String, byte[]> container : this.containers) {
            container.stop();
        }
        this.containers.clear();
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // with Spring Kafka's own containers: after the emitter's lifecycle starts, before it stops
        return Integer.MAX_VALUE - 100;
    }

}
