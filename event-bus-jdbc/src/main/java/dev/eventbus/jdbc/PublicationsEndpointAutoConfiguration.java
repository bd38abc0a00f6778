package dev.eventbus.jdbc;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link PublicationsEndpoint}: active with the actuator
 * on the class path and durable delivery configured, exposed only when the application exposes it (for example
 * {@code management.endpoints.web.exposure.include=eventbuspublications}).
 */
@AutoConfiguration(after = DurableDeliveryAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(PublicationsEndpoint.class)
@ConditionalOnBean(PublicationQueries.class)
public final class PublicationsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PublicationsEndpoint eventBusPublicationsEndpoint(PublicationQueries queries) {
        return new PublicationsEndpoint(queries);
    }

}
