package dev.eventbus.actuate;

import dev.eventbus.Emitter;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link EventBusEndpoint}: active with the actuator on
 * the classpath, exposed only when the application exposes the {@code eventbus} endpoint (for example
 * {@code management.endpoints.web.exposure.include=eventbus}).
 */
@AutoConfiguration(afterName = "dev.eventbus.autoconfigure.EventBusAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(EventBusEndpoint.class)
public final class EventBusEndpointAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(Emitter.class)
    @ConditionalOnMissingBean
    EventBusEndpoint eventBusEndpoint(Emitter emitter) {
        return new EventBusEndpoint(emitter);
    }

}
