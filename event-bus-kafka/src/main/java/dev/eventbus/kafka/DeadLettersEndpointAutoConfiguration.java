package dev.eventbus.kafka;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code eventbusdeadletters} actuator endpoint, when the actuator is on the class path
 * and events cross instances over Kafka; exposed only when the application exposes it.
 */
@AutoConfiguration(after = KafkaEventBusAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(DeadLettersEndpoint.class)
@ConditionalOnBean(DeadLetterReplay.class)
public final class DeadLettersEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DeadLettersEndpoint eventBusDeadLettersEndpoint(DeadLetterReplay replay) {
        return new DeadLettersEndpoint(replay);
    }

}
