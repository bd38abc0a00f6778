package dev.eventbus.jdbc;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the meters of durable delivery
 * ({@code eventbus.publications.*}), recorded into the application's {@link MeterRegistry}. Property
 * {@code eventbus.metrics.enabled} turns them off with the bus's own meters.
 */
@AutoConfiguration(after = DurableDeliveryAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PublicationQueries.class })
@ConditionalOnBooleanProperty(name = "eventbus.metrics.enabled", matchIfMissing = true)
public final class DurablePublicationMetricsAutoConfiguration {

    @Bean
    PublicationMetrics eventBusPublicationMetrics(PublicationQueries queries) {
        return new PublicationMetrics(queries);
    }

}
