package dev.eventbus.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import dev.eventbus.actuate.EventBusEndpoint;
import dev.eventbus.actuate.EventBusEndpointAutoConfiguration;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.GracefulShutdown;
import dev.eventbus.core.Invocation;
import dev.eventbus.core.ListenerCatalog;
import dev.eventbus.core.ListenerDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter asks of an emitter goes through small interfaces, not the library's class: an application's own
 * {@link Emitter} that implements them gets the same treatment, and a {@link DeliveryFactory} bean reaches the
 * auto-configured emitter.
 */
class EmitterSeamsTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class,
                EventBusEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=eventbus");

    @Test
    void deliveryFactoryBeanDeliversTheListenersItClaims() {
        this.contextRunner.withUserConfiguration(HoldingDeliveryConfiguration.class, ListenerConfiguration.class)
            .run((context) -> {
                HoldingDeliveries holding = context.getBean(HoldingDeliveries.class);
                Listeners listeners = context.getBean(Listeners.class);

                context.getBean(Emitter.class).emit("order.placed", "o-1");

                assertThat(listeners.calls).containsExactly("placed o-1");
                assertThat(holding.held).extracting(Invocation::listener)
                    .extracting(ListenerInfo::id)
                    .containsExactly("listeners#held");
                holding.held.poll().run();
                assertThat(listeners.calls).containsExactly("placed o-1", "held o-1");
            });
    }

    @Test
    void applicationsOwnEmitterThatImplementsTheSeamsIsTreatedAsTheLibrarysOwn() {
        this.contextRunner.withUserConfiguration(OwnEmitterConfiguration.class, ListenerConfiguration.class)
            .run((context) -> {
                OwnEmitter emitter = context.getBean(OwnEmitter.class);
                assertThat(LazyListener.instances).as("a @Lazy bean is not created to register it").hasValue(0);
                assertThat(emitter.registered.get()).as("registered through DefinitionRegistrar, every bean in one call")
                    .isEqualTo(1);
                assertThat(emitter.listeners("order.placed")).extracting(ListenerInfo::id)
                    .contains("listeners#placed", "listeners#held");

                EventBusEndpoint.EventBusDescriptor described = context.getBean(EventBusEndpoint.class).eventBus();
                assertThat(described.listeners()).extracting(ListenerInfo::pattern)
                    .as("the catalog lists patterns too")
                    .contains("order.*");

                emitter.emit("order.placed", "o-1");
                assertThat(LazyListener.instances).hasValue(1);
                context.close();
                assertThat(emitter.isClosed()).as("closed through GracefulShutdown").isTrue();
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        @Lazy
        LazyListener lazyListener() {
            return new LazyListener();
        }

    }

    static class Listeners {

        final Queue<String> calls = new ConcurrentLinkedQueue<>();

        @On("order.placed")
        void placed(String order) {
            this.calls.add("placed " + order);
        }

        @On("order.placed")
        void held(String order) {
            this.calls.add("held " + order);
        }

    }

    static class LazyListener {

        static final AtomicInteger instances = new AtomicInteger();

        LazyListener() {
            instances.incrementAndGet();
        }

        @On("order.*")
        void any() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class HoldingDeliveryConfiguration {

        @Bean
        HoldingDeliveries holdingDeliveries() {
            return new HoldingDeliveries();
        }

    }

    /** Holds back the invocations of listeners whose method is named {@code held}. */
    static class HoldingDeliveries implements DeliveryFactory {

        final Queue<Invocation> held = new ConcurrentLinkedQueue<>();

        @Override
        public Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
            return definition.id().endsWith("#held") ? this.held::add : null;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEmitterConfiguration {

        @Bean
        OwnEmitter ownEmitter() {
            LazyListener.instances.set(0);
            return new OwnEmitter((DefaultEmitter) Emitter.create());
        }

    }

    /** An application's own emitter, forwarding to the library's, that offers what the starter asks for. */
    static class OwnEmitter extends ForwardingEmitter implements DefinitionRegistrar, ListenerCatalog, GracefulShutdown {

        private final DefaultEmitter delegate;

        final AtomicInteger registered = new AtomicInteger();

        OwnEmitter(DefaultEmitter delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public Subscription register(List<ListenerDefinition> definitions) {
            this.registered.incrementAndGet();
            return this.delegate.register(definitions);
        }

        @Override
        public List<ListenerInfo> registrations() {
            return this.delegate.registrations();
        }

        @Override
        public boolean shutdown(Duration timeout) {
            return this.delegate.shutdown(timeout);
        }

        @Override
        public boolean isClosed() {
            return this.delegate.isClosed();
        }

    }

}
