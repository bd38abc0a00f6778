package dev.eventbus.jdbc;

import javax.sql.DataSource;

import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.autoconfigure.EventBusProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for durable delivery ({@code @On(durable = true)}) on the
 * application's {@link DataSource}: the publication tables (created on embedded databases unless
 * {@code eventbus.durable.schema.initialize} says otherwise), the {@link dev.eventbus.core.DeliveryFactory} that the
 * auto-configured emitter gives its durable listeners to, the relay that delivers publications after commit, and the
 * search of the log that recovers owed ones once the application is ready.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class },
        before = EventBusAutoConfiguration.class)
@ConditionalOnClass({ JdbcTemplate.class, PlatformTransactionManager.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ DurableProperties.class, EventBusProperties.class })
@Import({ DurableDeliveryConfigurations.SchemaConfiguration.class,
        DurableDeliveryConfigurations.PublicationLogConfiguration.class,
        DurableDeliveryConfigurations.DeliveryConfiguration.class })
public final class DurableDeliveryAutoConfiguration {

}
