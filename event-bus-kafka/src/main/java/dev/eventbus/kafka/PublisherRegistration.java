package dev.eventbus.kafka;

import java.util.List;
import java.util.function.Supplier;

import dev.eventbus.Instances;
import dev.eventbus.Listener;
import dev.eventbus.Phase;
import dev.eventbus.Subscription;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.ListenerDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the publisher on the emitter for the {@code eventbus.kafka.publish} patterns, under the id
 * {@value KafkaPublisher#ID}, last in each emit's order (a sync listener that fails first stops the event from
 * leaving): the {@link OutboxPublisher} as a sync listener, or the {@link KafkaPublisher} as an async one, run
 * after the commit or at the emit.
 */
final class PublisherRegistration implements SmartInitializingSingleton, DisposableBean {

    private final Supplier<DefinitionRegistrar> emitter;

    private final Listener publisher;

    private final List<String> patterns;

    private final boolean async;

    private @Nullable Subscription subscription;

    PublisherRegistration(Supplier<DefinitionRegistrar> emitter, Listener publisher, List<String> patterns,
            boolean async) {
        this.emitter = emitter;
        this.publisher = publisher;
        this.patterns = List.copyOf(patterns);
        this.async = async;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.patterns.isEmpty()) {
            return;
        }
        ListenerDefinition programmatic = ListenerDefinition.of(this.patterns.get(0), this.publisher);
        ListenerDefinition definition = new ListenerDefinition(KafkaPublisher.ID, this.patterns, Integer.MAX_VALUE,
                this.async, false, "", programmatic.invoker(), false, 0, Phase.IMMEDIATE, false, Instances.THIS);
        this.subscription = this.emitter.get().register(List.of(definition));
    }

    @Override
    public void destroy() {
        if (this.subscription != null) {
            this.subscription.close();
        }
    }

}
