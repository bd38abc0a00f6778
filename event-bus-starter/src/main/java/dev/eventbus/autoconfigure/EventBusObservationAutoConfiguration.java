package dev.eventbus.autoconfigure;

import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.metrics.DefaultEmitObservationConvention;
import dev.eventbus.metrics.DefaultInvocationObservationConvention;
import dev.eventbus.metrics.EmitObservationConvention;
import dev.eventbus.metrics.InvocationObservationConvention;
import dev.eventbus.metrics.ObservationEmitInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for observing the event bus with Micrometer's Observation API:
 * an {@link EmitInterceptor} that observes every emit ({@code eventbus.emit}) and every listener invocation
 * ({@code eventbus.invocation}) of the auto-configured emitter with the application's {@link ObservationRegistry}.
 * <p>
 * An {@link EmitObservationConvention} or {@link InvocationObservationConvention} bean replaces the default
 * convention. With a no-op registry (no handler configured) no interceptor is installed, so the emit path makes no
 * observation calls at all.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "eventbus.observations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventBusProperties.class)
public final class EventBusObservationAutoConfiguration {

    @Bean
    @Order(0)
    EmitInterceptor eventBusObservationInterceptor(ObservationRegistry observationRegistry,
            EventBusProperties properties, ObjectProvider<EmitObservationConvention> emitConvention,
            ObjectProvider<InvocationObservationConvention> invocationConvention) {
        if (observationRegistry.isNoop()) {
            return EmitInterceptor.NONE;
        }
        int maxEventTags = properties.getMetrics().getMaxEventTags();
        return new ObservationEmitInterceptor(observationRegistry, emitConvention.getIfAvailable(),
                invocationConvention.getIfAvailable(), new DefaultEmitObservationConvention(maxEventTags),
                new DefaultInvocationObservationConvention(maxEventTags));
    }

}
