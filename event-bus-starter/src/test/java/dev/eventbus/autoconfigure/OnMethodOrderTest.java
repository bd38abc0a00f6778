package dev.eventbus.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The order of the {@link On @On} methods of beans: {@code @On(order)}, then {@link Order @Order} on the method, then
 * the bean's {@link Ordered#getOrder()} or {@code @Order} on its class.
 */
class OnMethodOrderTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class));

    @BeforeEach
    void resetCounters() {
        LazyOrderedListener.instances.set(0);
    }

    @Test
    void beanOrderComesFromOrderedOfTheBeanAndAppliesToMethodsWithoutAnOrderOfTheirOwn() {
        this.contextRunner.withUserConfiguration(OrderedListenerConfiguration.class).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::id, ListenerInfo::order)
                .containsExactly(tuple("orderedListener#explicit", -100), tuple("orderedListener#inherited", -20),
                        tuple("orderedListener#annotated", 4));
        });
    }

    @Test
    void lazyBeanIsNotCreatedToAskItsOrderAndTheOrderOfItsClassApplies() {
        this.contextRunner.withUserConfiguration(LazyOrderedListenerConfiguration.class).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::order).containsExactly(-30);
            assertThat(LazyOrderedListener.instances).hasValue(0);
        });
    }

    static class OrderedListener implements Ordered {

        @On("order.created")
        public void inherited() {
        }

        @On("order.created")
        @Order(4)
        public void annotated() {
        }

        @On(value = "order.created", order = -100)
        public void explicit() {
        }

        @Override
        public int getOrder() {
            return -20;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedListenerConfiguration {

        @Bean
        OrderedListener orderedListener() {
            return new OrderedListener();
        }

    }

    @Order(-30)
    static class LazyOrderedListener implements Ordered {

        static final AtomicInteger instances = new AtomicInteger();

        LazyOrderedListener() {
            instances.incrementAndGet();
        }

        @On("order.created")
        public void handle() {
        }

        @Override
        public int getOrder() {
            return -50;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class LazyOrderedListenerConfiguration {

        @Bean
        @Lazy
        LazyOrderedListener lazyOrderedListener() {
            return new LazyOrderedListener();
        }

    }

}
