package dev.eventbus.autoconfigure;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.On;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A context with the auto-configuration and {@code @On} beans, processed ahead of time as
 * {@code spring-boot:process-aot} does, its generated initializer compiled and started in a fresh context, as
 * {@code -Dspring.aot.enabled=true} does: no configuration class is parsed and no condition evaluated there, only
 * the generated bean definitions run. Forked class loader: the generated code reaches package-private classes.
 */
@CompileWithForkedClassLoader
class OnMethodAotProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void onMethodsOfAnAotProcessedContextAreRegisteredAndRunWhenEmitted() {
        runAotProcessed((context, hints) -> {
            assertThat(context.getBeanFactory().getBeanDefinition("eventBusOnMethodRegistrar"))
                .as("registrar defined by generated code")
                .isInstanceOfSatisfying(RootBeanDefinition.class,
                        (definition) -> assertThat(definition.getInstanceSupplier()).isNotNull());
            OrderListeners listeners = context.getBean(OrderListeners.class);
            Emitter emitter = context.getBean(Emitter.class);

            assertThat(emitter.listenerCount("order.placed")).isEqualTo(4);
            assertThat(emitter.emit("order.placed", "small-1")).isTrue();
            assertThat(emitter.emitAsync("order.placed", "big-2")).succeedsWithin(WAIT);

            assertThat(listeners.recorded).containsExactly("small-1", "big-2");
            assertThat(listeners.big).containsExactly("big-2");
            assertThat(listeners.first).containsExactly("small-1");
            await().atMost(WAIT)
                .untilAsserted(() -> assertThat(listeners.audited).containsExactlyInAnyOrder("small-1", "big-2"));
        });
    }

    @Test
    void lazyListenerOfAnAotProcessedContextIsCreatedAtItsFirstEvent() {
        runAotProcessed((context, hints) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter.listenerCount("stock.low")).isEqualTo(1);
            assertThat(context.getBeanFactory().containsSingleton("lazyListener")).isFalse();

            emitter.emit("stock.low", "mug");

            assertThat(context.getBeanFactory().containsSingleton("lazyListener")).isTrue();
            assertThat(context.getBean(LazyListener.class).calls).hasValue(1);
        });
    }

    @Test
    void aotProcessingRegistersTheHintsOfOnMethodsAndTheEventTheirConditionsRead() {
        runAotProcessed((context, hints) -> {
            context.getBean(Emitter.class).emit("order.placed", "big-3");
            Class<?> deliveredEvent = context.getBean(OrderListeners.class).eventType;
            assertThat(deliveredEvent).isNotNull();

            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderListeners.class, "record"))
                .accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderListeners.class, "thank"))
                .accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LazyListener.class, "restock"))
                .accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection()
                .onType(deliveredEvent)
                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
        });
    }

    @SuppressWarnings("unchecked")
    private static void runAotProcessed(BiConsumer<GenericApplicationContext, RuntimeHints> assertions) {
        TestGenerationContext generationContext = new TestGenerationContext();
        ClassName initializerName;
        try (AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext()) {
            buildTime.register(ListenerConfiguration.class);
            initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generationContext);
        }
        generationContext.writeGeneratedContent();
        TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
            ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
                .getInstance(ApplicationContextInitializer.class, initializerName.reflectionName());
            try (GenericApplicationContext context = new GenericApplicationContext()) {
                initializer.initialize(context);
                context.refresh();
                assertions.accept(context, generationContext.getRuntimeHints());
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EventBusAutoConfiguration.class)
    static class ListenerConfiguration {

        @Bean
        OrderListeners orderListeners() {
            return new OrderListeners();
        }

        @Bean
        @Lazy
        LazyListener lazyListener() {
            return new LazyListener();
        }
    }

    static class OrderListeners {

        final Queue<String> recorded = new ConcurrentLinkedQueue<>();

        final Queue<String> big = new ConcurrentLinkedQueue<>();

        final Queue<String> audited = new ConcurrentLinkedQueue<>();

        final Queue<String> first = new ConcurrentLinkedQueue<>();

        volatile @Nullable Class<?> eventType;

        @On("order.placed")
        void record(String order, Event event) {
            this.recorded.add(order);
            this.eventType = event.getClass();
        }

        @On(value = "order.placed", condition = "#order.startsWith('big') and #event.name() == 'order.placed'")
        void thank(String order) {
            this.big.add(order);
        }

        @On(value = "order.*", async = true)
        void audit(String order) {
            this.audited.add(order);
        }

        @On(value = "order.placed", once = true, order = -1)
        void celebrateFirst(String order) {
            this.first.add(order);
        }
    }

    static class LazyListener {

        final AtomicInteger calls = new AtomicInteger();

        @On("stock.low")
        void restock(String item) {
            this.calls.incrementAndGet();
        }
    }
}
