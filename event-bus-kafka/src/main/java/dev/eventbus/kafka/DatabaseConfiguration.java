package dev.eventbus.kafka;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.eventbus.autoconfigure.EventBusProperties;
import dev.eventbus.json.WireJson;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the module keeps in the application's DataSource when event-bus-spring-boot-starter-jdbc is present: the
 * tables ({@code eventbus.kafka.initialize-schema}, embedded databases by default), the inbox of ONE listeners (its
 * transactions through the application's transaction manager, so that a listener's own {@code @Transactional} work
 * joins them), and the outbox of published events with its sender.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = KafkaEventBusAutoConfiguration.DURABLE_DELIVERY, value = JdbcTemplate.class)
@ConditionalOnSingleCandidate(DataSource.class)
class DatabaseConfiguration {

    static final String SCHEMA = "classpath:dev/eventbus/kafka/schema.sql";

    @Bean
    DataSourceScriptDatabaseInitializer eventBusKafkaSchemaInitializer(DataSource dataSource,
            KafkaBusProperties properties) {
        DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
        settings.setSchemaLocations(List.of(SCHEMA));
        settings.setMode(properties.getInitializeSchema());
        return new DataSourceScriptDatabaseInitializer(dataSource, settings);
    }

    @Bean
    @DependsOnDatabaseInitialization
    @ConditionalOnBooleanProperty(name = "eventbus.kafka.inbox.enabled", matchIfMissing = true)
    Inbox eventBusKafkaInbox(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactionManager,
            KafkaBusProperties properties) {
        PlatformTransactionManager transactions = transactionManager.getIfUnique();
        if (transactions == null) {
            if (transactionManager.stream().findAny().isPresent()) {
                throw new IllegalStateException("The inbox of ONE listeners runs each listener in a transaction of "
                        + "the application's transaction manager, but there are several and none is primary: mark "
                        + "one @Primary, or set eventbus.kafka.inbox.enabled=false");
            }
            transactions = new JdbcTransactionManager(dataSource);
        }
        return new Inbox(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), Clock.systemUTC(),
                properties.getInbox().getRetention());
    }

    @Bean
    @DependsOnDatabaseInitialization
    @ConditionalOnBooleanProperty(name = "eventbus.kafka.outbox.enabled", matchIfMissing = true)
    Outbox eventBusKafkaOutbox(DataSource dataSource) {
        return new Outbox(new JdbcTemplate(dataSource), WireJson.mapper(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "eventbus.kafka.outbox.enabled", matchIfMissing = true)
    OutboxSender eventBusKafkaOutboxSender(Outbox outbox, KafkaBusClients clients, KafkaMeters meters,
            EventBusProperties busProperties, KafkaBusProperties properties) {
        return new OutboxSender(outbox, clients.unobservedTemplate(), meters, busProperties.getInstanceId(),
                properties.getOutbox(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "eventbus.kafka.outbox.enabled", matchIfMissing = true)
    OutboxPublisher eventBusKafkaOutboxPublisher(Outbox outbox, OutgoingRecords records, OutboxSender sender) {
        return new OutboxPublisher(outbox, records, sender);
    }

}
