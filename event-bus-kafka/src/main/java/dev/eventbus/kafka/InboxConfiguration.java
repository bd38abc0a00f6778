package dev.eventbus.kafka;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

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
 * The inbox of ONE listeners, on the application's DataSource when event-bus-spring-boot-starter-jdbc is present:
 * its table ({@code eventbus.kafka.inbox.initialize-schema}, embedded databases by default), and its transactions,
 * through the application's transaction manager so that a listener's own {@code @Transactional} work joins them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = KafkaEventBusAutoConfiguration.DURABLE_DELIVERY, value = JdbcTemplate.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "eventbus.kafka.inbox.enabled", matchIfMissing = true)
class InboxConfiguration {

    static final String SCHEMA = "classpath:dev/eventbus/kafka/inbox-schema.sql";

    @Bean
    DataSourceScriptDatabaseInitializer eventBusKafkaInboxSchemaInitializer(DataSource dataSource,
            KafkaBusProperties properties) {
        DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
        settings.setSchemaLocations(List.of(SCHEMA));
        settings.setMode(properties.getInbox().getInitializeSchema());
        return new DataSourceScriptDatabaseInitializer(dataSource, settings);
    }

    @Bean
    @DependsOnDatabaseInitialization
    Inbox eventBusKafkaInbox(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactionManager,
            KafkaBusProperties properties) {
        PlatformTransactionManager transactions = transactionManager
            .getIfUnique(() -> new JdbcTransactionManager(dataSource));
        return new Inbox(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), Clock.systemUTC(),
                properties.getInbox().getRetention());
    }

}
