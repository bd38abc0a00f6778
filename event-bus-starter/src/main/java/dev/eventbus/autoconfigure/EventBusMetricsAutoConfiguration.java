package dev.eventbus.autoconfigure;

import dev.eventbus.core.EmitterInstrumentation;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the event bus's Micrometer meters ({@code eventbus.*}, see
 * {@link MicrometerEmitterInstrumentation}): an {@link EmitterInstrumentation} recording into the application's
 * {@link MeterRegistry}, which the auto-configured emitter uses. Property {@code eventbus.metrics.enabled} turns it
 * off.
 */
@AutoConfiguration(before = EventBusAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "eventbus.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventBusProperties.class)
public final class EventBusMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EmitterInstrumentation eventBusMetrics(MeterRegistry meterRegistry, EventBusProperties properties) {
        return new MicrometerEmitterInstrumentation(meterRegistry, properties.getMetrics().getMaxEventTags(),
                properties.getAsync().getOverflow());
    }

}
