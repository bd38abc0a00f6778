package dev.eventbus.jdbc;

import java.sql.DatabaseMetaData;
import java.time.Clock;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusProperties;
import dev.eventbus.core.ListenerLookup;
import dev.eventbus.json.WireJson;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The configurations imported by {@link DurableDeliveryAutoConfiguration}, one concern each.
 */
final class DurableDeliveryConfigurations {

    private DurableDeliveryConfigurations() {
    }

    /** The platform of the database behind a DataSource: {@code postgresql}, {@code h2}, ... */
    static String platform(DataSource dataSource, DurableProperties properties) {
        String configured = properties.getSchema().getPlatform();
        if (StringUtils.hasText(configured)) {
            return configured.strip().toLowerCase(java.util.Locale.ROOT);
        }
        try {
            String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
            return DatabaseDriver.fromJdbcUrl(url).getId();
        }
        catch (MetaDataAccessException ex) {
            throw new IllegalStateException("Could not tell the platform of the DataSource of the publication log; "
                    + "set eventbus.durable.schema.platform (postgresql or h2)", ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SchemaConfiguration {

        @Bean
        PublicationSchemaInitializer eventBusPublicationSchemaInitializer(DataSource dataSource,
                DurableProperties properties) {
            return new PublicationSchemaInitializer(dataSource, properties.getSchema().getInitialize(),
                    platform(dataSource, properties));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PublicationLogConfiguration {

        @Bean
        @DependsOnDatabaseInitialization
        PublicationLog eventBusPublicationLog(DataSource dataSource, DurableProperties properties,
                EventBusProperties busProperties) {
            boolean postgres = DatabaseDriver.POSTGRESQL.getId().equals(platform(dataSource, properties));
            PublicationLog log = new PublicationLog(new JdbcTemplate(dataSource), postgres);
            try {
                // claims held under this instance id by an earlier run: that run delivers nothing any more
                log.releaseAll(busProperties.getInstanceId());
            }
            catch (DataAccessException ex) {
                throw new IllegalStateException("The publication log table " + PublicationLog.TABLE + " cannot be "
                        + "used: " + ex.getMostSpecificCause().getMessage() + ". Create it with the script in "
                        + "docs/durable.md, or set eventbus.durable.schema.initialize=always", ex);
            }
            return log;
        }

        @Bean
        @DependsOnDatabaseInitialization
        PublicationQueries eventBusPublicationQueries(DataSource dataSource, EventBusProperties busProperties) {
            return new PublicationQueries(new JdbcTemplate(dataSource), Clock.systemUTC());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DeliveryConfiguration {

        @Bean
        ArgumentCodec eventBusPublicationArgumentCodec() {
            return new ArgumentCodec(WireJson.mapper());
        }

        @Bean
        PublicationRelay eventBusPublicationRelay(PublicationLog log, ArgumentCodec codec,
                DurableProperties properties, EventBusProperties busProperties,
                ObjectProvider<ListenerLookup> lookup, ObjectProvider<Emitter> emitter,
                ObjectProvider<PublicationRecorder> recorder) {
            return new PublicationRelay(properties.getMaxInFlight(), log, codec, new DurableListeners(),
                    SingletonSupplier.of(lookup::getIfUnique),
                    new RetrySchedule(properties.getRetry()),
                    new FailureReporter(SingletonSupplier.of(emitter::getIfUnique)),
                    recorder.getIfAvailable(() -> PublicationRecorder.NONE),
                    new PollSignal(), busProperties.getInstanceId(), Clock.systemUTC());
        }

        @Bean
        PublicationWriter eventBusPublicationWriter(DataSource dataSource, PublicationLog log, ArgumentCodec codec,
                PublicationRelay relay, DurableProperties properties, EventBusProperties busProperties) {
            return new PublicationWriter(log, codec, relay, new JdbcTransactionManager(dataSource),
                    busProperties.getInstanceId(), properties.getLease(), Clock.systemUTC());
        }

        @Bean
        // last, so that the delivery a durable listener ends with is the durable one
        @Order(Ordered.LOWEST_PRECEDENCE)
        DurableDeliveryFactory eventBusDurableDeliveryFactory(PublicationWriter writer, ArgumentCodec codec,
                PublicationRelay relay) {
            return new DurableDeliveryFactory(writer, codec, relay.listeners());
        }

        @Bean
        PublicationPoller eventBusPublicationPoller(DataSource dataSource, PublicationLog log, PublicationRelay relay,
                DurableProperties properties, EventBusProperties busProperties) {
            PublicationRetention retention = new PublicationRetention(new JdbcTemplate(dataSource),
                    new JdbcTransactionManager(dataSource), properties.getCompletedRetention(),
                    properties.isArchiveCompleted());
            return new PublicationPoller(log, relay, retention, relay.pollSignal(), properties,
                    busProperties.getInstanceId(), Clock.systemUTC());
        }

    }

}
