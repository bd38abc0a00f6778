package dev.eventbus.autoconfigure;

import dev.eventbus.transaction.TransactionPhaseDeliveryFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of transaction phases ({@code @On(phase = ...)}), when
 * {@code spring-tx} is on the class path: the {@link TransactionPhaseDeliveryFactory} that holds such a listener's
 * invocation until its phase of the transaction active at the emit. Without it, a listener with a phase fails its
 * registration, naming what is missing.
 */
@AutoConfiguration(before = EventBusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.transaction.support.TransactionSynchronizationManager")
@EnableConfigurationProperties(EventBusTransactionProperties.class)
public final class EventBusTransactionAutoConfiguration {

    @Bean
    TransactionPhaseDeliveryFactory eventBusTransactionPhaseDeliveryFactory(EventBusTransactionProperties properties) {
        return new TransactionPhaseDeliveryFactory(properties.getOutside());
    }

}
