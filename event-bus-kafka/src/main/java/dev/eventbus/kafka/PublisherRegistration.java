package dev.eventbus.kafka;

import java.util.List;
import java.util.function.Supplier;

import dev.eventbus.Instances;
import dev.eventbus.Phase;
import dev.eventbus.Subscription;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.ListenerDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the {@link KafkaPublisher} on the emitter for the {@code eventbus.kafka.publish} patterns, last in each
 * emit's order (a sync listener that fails first stops the event from leaving), and durable when the outbox is on.
 */
final class PublisherRegistration implements SmartInitializingSingleton, DisposableBean {

    private final Supplier<DefinitionRegistrar> emitter;

    private final KafkaPublisher publisher;

    private final List<String> patterns;

    private final boolean durable;

    private @Nullable Subscription subscription;

    PublisherRegistration(Supplier<DefinitionRegistrar> emitter, KafkaPublisher publisher, List<String> patterns,
            boolean durable) {
        this.emitter = emitter;
        this.publisher = publisher;
        this.patterns = List.copyOf(patterns);
        this.durable = durable;
    }

    boolean durable() {
        return this.durable;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.patterns.isEmpty()) {
            return;
        }
        ListenerDefinition programmatic = ListenerDefinition.of(this.patterns.get(0), this.publisher);
        ListenerDefinition definition = new ListenerDefinition(KafkaPublisher.ID, this.patterns, Integer.MAX_VALUE,
                this.durable, false, "", programmatic.invoker(), false, 0, Phase.IMMEDIATE, this.durable,
                Instances.THIS);
        this.subscription = this.emitter.get().register(List.of(definition));
    }

    @Override
    public void destroy() {
        if (this.subscription != null) {
            this.subscription.close();
        }
    }

}
