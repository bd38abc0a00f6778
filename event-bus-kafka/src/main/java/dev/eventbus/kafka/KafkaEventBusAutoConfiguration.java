package dev.eventbus.kafka;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.autoconfigure.EventBusProperties;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.ListenerLookup;
import dev.eventbus.json.JsonTypeCheck;
import dev.eventbus.json.WireJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.ClassUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for carrying events between instances over Kafka: the delivery
 * of {@code @On(instances = ALL | ONE)} listeners, the publisher of the {@code eventbus.kafka.publish} events (an
 * outbox when event-bus-spring-boot-starter-jdbc is present), the consumers of received events (with an inbox for
 * ONE listeners when a DataSource is present), the dead-letter topics and the topics themselves.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class, before = EventBusAutoConfiguration.class,
        afterName = { "dev.eventbus.jdbc.DurableDeliveryAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "eventbus.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ KafkaBusProperties.class, EventBusProperties.class })
@Import({ DatabaseConfiguration.class, TracingConfiguration.class })
public final class KafkaEventBusAutoConfiguration {

    static final String DURABLE_DELIVERY = "dev.eventbus.jdbc.DurableDeliveryAutoConfiguration";

    static final String TRACER = "io.micrometer.tracing.Tracer";

    @Bean
    CrossInstanceListeners eventBusCrossInstanceListeners() {
        return new CrossInstanceListeners();
    }

    @Bean
    EventRecords eventBusKafkaEventRecords(KafkaBusProperties properties) {
        return new EventRecords(WireJson.mapper(), properties.getMaxMessageSize().toBytes());
    }

    @Bean
    KafkaMeters eventBusKafkaMeters(ObjectProvider<MeterRegistry> registry, EventBusProperties busProperties) {
        return new KafkaMeters(busProperties.getMetrics().isEnabled() ? registry.getIfUnique() : null,
                busProperties.getMetrics().getMaxEventTags());
    }

    @Bean
    PublishRoutes eventBusKafkaRoutes(KafkaBusProperties properties) {
        return new PublishRoutes(properties);
    }

    @Bean
    KafkaBusClients eventBusKafkaClients(KafkaProperties kafka, ObjectProvider<ProducerFactory<?, ?>> producers,
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers,
            ObjectProvider<ObservationRegistry> observations, KafkaBusProperties properties,
            ListableBeanFactory beans) {
        ProducerFactory<?, ?> boots = producers.getIfUnique();
        // Spring Boot's own producer settings: its connection details (SSL bundle, security protocol) applied
        Map<String, Object> producer = (boots != null) ? boots.getConfigurationProperties()
                : kafka.buildProducerProperties();
        return new KafkaBusClients(producer, customizers.orderedStream().toList(),
                observed(properties, observations, beans));
    }

    @Bean
    // before the publication log's factory (the lowest precedence), which wraps a durable ALL listener's delivery
    @Order(Ordered.LOWEST_PRECEDENCE - 100)
    CrossInstanceDeliveryFactory eventBusCrossInstanceDeliveryFactory(CrossInstanceListeners listeners,
            EventRecords records) {
        return new CrossInstanceDeliveryFactory(listeners, new JsonTypeCheck(records.mapper()));
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 100)
    PublisherDeliveryFactory eventBusKafkaPublisherDeliveryFactory() {
        return new PublisherDeliveryFactory();
    }

    @Bean
    OutgoingRecords eventBusKafkaOutgoingRecords(PublishRoutes routes, EventRecords records,
            ObjectProvider<TraceHeaders> trace) {
        return new OutgoingRecords(routes, records, trace.getIfAvailable(() -> TraceHeaders.NONE), Clock.systemUTC());
    }

    @Bean
    KafkaPublisher eventBusKafkaPublisher(KafkaBusClients clients, OutgoingRecords records, KafkaMeters meters) {
        return new KafkaPublisher(clients.template(), records, meters, clients.completions());
    }

    @Bean
    PublisherRegistration eventBusKafkaPublisherRegistration(ObjectProvider<DefinitionRegistrar> emitter,
            KafkaPublisher direct, ObjectProvider<OutboxPublisher> outbox, KafkaBusProperties properties) {
        OutboxPublisher throughOutbox = outbox.getIfAvailable();
        return (throughOutbox != null)
                ? new PublisherRegistration(emitter::getObject, throughOutbox, properties.getPublish(), false)
                : new PublisherRegistration(emitter::getObject, direct, properties.getPublish(), true);
    }

    @Bean
    DeadLetters eventBusKafkaDeadLetters(KafkaBusClients clients, KafkaBusProperties properties,
            KafkaMeters meters) {
        return new DeadLetters(clients.template(), properties.getDeadLetterSuffix(), meters);
    }

    @Bean
    InboundDispatcher eventBusKafkaInboundDispatcher(EventRecords records, CrossInstanceListeners listeners,
            ObjectProvider<ListenerLookup> lookup, EventBusProperties busProperties, ObjectProvider<Inbox> inbox,
            KafkaMeters meters) {
        return new InboundDispatcher(records, listeners, lookup::getIfAvailable, busProperties::getInstanceId,
                inbox.getIfAvailable(), meters);
    }

    @Bean
    InboundContainers eventBusKafkaInboundContainers(KafkaProperties kafka,
            ObjectProvider<ConsumerFactory<?, ?>> connection, InboundDispatcher dispatcher,
            CrossInstanceListeners listeners, DeadLetters deadLetters, PublishRoutes routes,
            KafkaBusProperties properties, EventBusProperties busProperties, Environment environment,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, ListableBeanFactory beans) {
        Map<String, Object> consumer = consumerProperties(kafka, connection);
        String group = (properties.getGroup() != null) ? properties.getGroup()
                : environment.getProperty("spring.application.name");
        return new InboundContainers(consumer, dispatcher, listeners, deadLetters, routes.topics(), group,
                busProperties::getInstanceId, properties, observed(properties, observations, beans),
                customizers.orderedStream().toList());
    }

    @Bean
    DeadLetterReplay eventBusKafkaDeadLetterReplay(KafkaProperties kafka,
            ObjectProvider<ConsumerFactory<?, ?>> connection, InboundDispatcher dispatcher,
            InboundContainers containers, DeadLetters deadLetters, PublishRoutes routes,
            EventBusProperties busProperties) {
        Set<String> topics = new LinkedHashSet<>();
        routes.topics().forEach((topic) -> topics.add(deadLetters.topicOf(topic)));
        return new DeadLetterReplay(consumerProperties(kafka, connection), topics, dispatcher, containers,
                busProperties::getInstanceId);
    }

    /**
     * The registry the bus's Kafka clients are observed with: {@code eventbus.kafka.observation-enabled}, by default
     * whether the application traces.
     */
    static @Nullable ObservationRegistry observed(KafkaBusProperties properties,
            ObjectProvider<ObservationRegistry> observations, ListableBeanFactory beans) {
        Boolean enabled = properties.getObservationEnabled();
        boolean on = (enabled != null) ? enabled : ClassUtils.isPresent(TRACER, null)
                && beans.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, null)).length > 0;
        return on ? observations.getIfUnique() : null;
    }

    /** Spring Boot's own consumer settings: its connection details (SSL bundle, security protocol) applied. */
    static Map<String, Object> consumerProperties(KafkaProperties kafka, ObjectProvider<ConsumerFactory<?, ?>> boots) {
        ConsumerFactory<?, ?> factory = boots.getIfUnique();
        return new HashMap<>((factory != null) ? factory.getConfigurationProperties()
                : kafka.buildConsumerProperties());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "eventbus.kafka.topics.create", matchIfMissing = true)
    TopicCreator eventBusKafkaTopics(KafkaProperties kafka, ObjectProvider<KafkaAdmin> boots, PublishRoutes routes,
            DeadLetters deadLetters, KafkaBusProperties properties) {
        KafkaAdmin boot = boots.getIfUnique();
        // Spring Boot's own admin settings: its connection details (SSL bundle, security protocol) applied
        Map<String, Object> admin = (boot != null) ? boot.getConfigurationProperties()
                : kafka.buildAdminProperties();
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : routes.topics()) {
            topics.add(topic);
            topics.add(deadLetters.topicOf(topic));
        }
        return new TopicCreator(admin, topics, properties.getTopics().getPartitions(),
                properties.getTopics().getReplicas());
    }

}
