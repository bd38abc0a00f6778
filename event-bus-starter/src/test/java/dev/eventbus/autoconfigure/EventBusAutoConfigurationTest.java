package dev.eventbus.autoconfigure;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EventBusAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class));

    @BeforeEach
    void resetCounters() {
        LazyOrderListener.instances.set(0);
        FlakyPaymentListener.attempts.set(0);
    }

    @Test
    void emitterIsAutoConfiguredAndOnMethodsOfBeansAreRegisteredUnderBeanNameIds() {
        this.contextRunner.withUserConfiguration(OrderListenerConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(Emitter.class);
            assertThat(context.getBean(Emitter.class)).isInstanceOf(DefaultEmitter.class);
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::id)
                .containsExactly("orderListener#onCreated");
            assertThat(emitter.emit("order.created", "o-1")).isTrue();
            assertThat(context.getBean(OrderListener.class).received).containsExactly("o-1");
        });
    }

    @Test
    void emitInterceptorBeansAreInstalledInTheirOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        this.contextRunner.withUserConfiguration(OrderListenerConfiguration.class)
            .withBean("second", EmitInterceptor.class, () -> new NamingInterceptor("second", seen, 2))
            .withBean("first", EmitInterceptor.class, () -> new NamingInterceptor("first", seen, 1))
            .run((context) -> {
                context.getBean(Emitter.class).emit("order.created", "o-1");
                assertThat(seen).containsExactly("first order.created", "second order.created");
            });
    }

    @Test
    void backsOffWhenTheApplicationDefinesAnEmitterAndRegistersOnMethodsWithIt() {
        this.contextRunner.withUserConfiguration(UserEmitterConfiguration.class, OrderListenerConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(Emitter.class);
                assertThat(context).getBean("userEmitter").isSameAs(context.getBean(Emitter.class));
                assertThat(context).doesNotHaveBean(AsyncExecutorHolder.class);
                Emitter emitter = context.getBean(Emitter.class);
                assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::id)
                    .containsExactly("orderListener#onCreated");
                emitter.emit("order.created", "o-2");
                assertThat(context.getBean(OrderListener.class).received).containsExactly("o-2");
            });
    }

    @Test
    void onMethodsAreRegisteredThroughRegisterWhenTheApplicationEmitterIsAnotherImplementation() {
        this.contextRunner.withUserConfiguration(ForwardingEmitterConfiguration.class, OrderListenerConfiguration.class)
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                assertThat(emitter).isInstanceOf(ForwardingEmitter.class);
                assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::id)
                    .containsExactly("OrderListener#onCreated");
                emitter.emit("order.created", "o-3");
                assertThat(context.getBean(OrderListener.class).received).containsExactly("o-3");
            });
    }

    @Test
    void listenersAreRemovedFromTheEmitterWhenTheContextCloses() {
        Emitter shared = Emitter.create();
        this.contextRunner.withBean("sharedEmitter", Emitter.class, () -> shared)
            .withUserConfiguration(OrderListenerConfiguration.class)
            .run((context) -> assertThat(shared.listenerCount("order.created")).isOne());
        assertThat(shared.listenerCount("order.created")).isZero();
        assertThat(shared.eventNames()).isEmpty();
    }

    @Test
    void maxListenersIsBoundFromProperties() {
        this.contextRunner.withPropertyValues("eventbus.max-listeners=25")
            .run((context) -> assertThat(context.getBean(Emitter.class).getMaxListeners()).isEqualTo(25));
    }

    @Test
    void maxListenersDefaultsToTen() {
        this.contextRunner.run((context) -> assertThat(context.getBean(Emitter.class).getMaxListeners()).isEqualTo(10));
    }

    @Test
    void negativeMaxListenersFailsStartupWithAMessageNamingTheValue() {
        this.contextRunner.withPropertyValues("eventbus.max-listeners=-3").run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).hasStackTraceContaining("Could not bind properties to 'EventBusProperties'");
            assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventbus.max-listeners")
                .hasMessageContaining("-3");
        });
    }

    @Test
    void applicationTaskExecutorIsKeptAlongsideTheEventBus() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);
                assertThat(context).hasSingleBean(Emitter.class);
                Map<String, Executor> executors = context.getBeansOfType(Executor.class);
                assertThat(executors).containsOnlyKeys(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);
            });
    }

    @Test
    void asyncListenerRunsOnAThreadNamedWithTheDefaultPrefix() {
        this.contextRunner.withUserConfiguration(AsyncListenerConfiguration.class).run((context) -> {
            context.getBean(Emitter.class).emit("report.requested");
            AsyncListener listener = context.getBean(AsyncListener.class);
            assertThat(listener.done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.threadName.get()).startsWith("eventbus-");
        });
    }

    @Test
    void asyncExecutorIsConfiguredFromProperties() {
        this.contextRunner.withUserConfiguration(AsyncListenerConfiguration.class)
            .withPropertyValues("eventbus.async.thread-name-prefix=bus-test-")
            .run((context) -> {
                context.getBean(Emitter.class).emit("report.requested");
                AsyncListener listener = context.getBean(AsyncListener.class);
                assertThat(listener.done.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.threadName.get()).startsWith("bus-test-");
            });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void asyncListenersRunOnVirtualThreadsWhenVirtualThreadsAreEnabled() {
        this.contextRunner.withUserConfiguration(AsyncListenerConfiguration.class)
            .withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> {
                assertThat(context.getBean(AsyncExecutorHolder.class).getExecutor())
                    .isInstanceOf(SimpleAsyncTaskExecutor.class);
                context.getBean(Emitter.class).emit("report.requested");
                AsyncListener listener = context.getBean(AsyncListener.class);
                assertThat(listener.done.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.threadName.get()).startsWith("eventbus-");
            });
    }

    @Test
    void asyncListenersRunOnAThreadPoolByDefault() {
        this.contextRunner.run((context) -> assertThat(context.getBean(AsyncExecutorHolder.class).getExecutor())
            .isInstanceOf(ThreadPoolTaskExecutor.class));
    }

    @Test
    void queuedAsyncListenersFinishBeforeTheContextHasClosedByDefault() {
        AtomicInteger finished = new AtomicInteger();
        this.contextRunner.withUserConfiguration(SlowAsyncListenerConfiguration.class)
            .withBean(AtomicInteger.class, () -> finished)
            .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.max-size=1")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                for (int i = 0; i < 5; i++) {
                    emitter.emit("report.requested");
                }
                context.close();
                assertThat(finished).hasValue(5);
            });
    }

    @Test
    void deprecatedAwaitTerminationFalseStillMeansNoWaitAndUnfinishedListenersAreReported(CapturedOutput output) {
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        this.contextRunner.withUserConfiguration(SlowAsyncListenerConfiguration.class)
            .withBean(AtomicInteger.class, () -> finished)
            .withBean(CountDownLatch.class, () -> release)
            .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.max-size=1",
                    "eventbus.async.shutdown.await-termination=false")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                for (int i = 0; i < 5; i++) {
                    emitter.emit("report.requested");
                }
                context.close();
                assertThat(finished.get()).isLessThan(5);
                assertThat(output).contains("Event bus shut down with 5 async listener invocations unfinished",
                        "report.requested={slowAsyncListener#onReportRequested=5}");
            });
    }

    @Test
    void taskDecoratorBeanIsAppliedToAsyncListeners() {
        this.contextRunner.withUserConfiguration(AsyncListenerConfiguration.class, TaskDecoratorConfiguration.class)
            .run((context) -> {
                context.getBean(Emitter.class).emit("report.requested");
                AsyncListener listener = context.getBean(AsyncListener.class);
                assertThat(listener.done.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.decoration.get()).isEqualTo("decorated");
            });
    }

    @Test
    void staticOnMethodFailsStartupNamingClassAndMethod() {
        this.contextRunner.withUserConfiguration(StaticListenerConfiguration.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(listenerDefinitionFailure(context.getStartupFailure()))
                .hasMessageContaining(StaticListener.class.getName())
                .hasMessageContaining("onOrder");
        });
    }

    @Test
    void unparsableConditionFailsStartupNamingClassAndMethod() {
        this.contextRunner.withUserConfiguration(BadConditionListenerConfiguration.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(listenerDefinitionFailure(context.getStartupFailure()))
                .hasMessageContaining(BadConditionListener.class.getName())
                .hasMessageContaining("onOrder");
        });
    }

    @Test
    void conditionReadingAnUnknownVariableFailsStartupNamingClassMethodAndVariable() {
        this.contextRunner.withUserConfiguration(UnknownVariableListenerConfiguration.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(listenerDefinitionFailure(context.getStartupFailure()))
                .hasMessageContaining(UnknownVariableListener.class.getName() + ".onCreated(String)")
                .hasMessageContaining("unknown variable #ordr;")
                .hasMessageContaining("#a0/#p0/#order");
        });
    }

    @Test
    void lazyListenerBeanIsCountedAtStartupAndCreatedAtItsFirstEvent() {
        this.contextRunner.withUserConfiguration(LazyListenerConfiguration.class).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(LazyOrderListener.instances).hasValue(0);
            assertThat(emitter.listenerCount("order.shipped")).isOne();
            assertThat(LazyOrderListener.instances).hasValue(0);
            assertThat(emitter.emit("order.shipped", "o-6")).isTrue();
            assertThat(LazyOrderListener.instances).hasValue(1);
            emitter.emit("order.shipped", "o-7");
            assertThat(LazyOrderListener.instances).hasValue(1);
            assertThat(context.getBean(LazyOrderListener.class).received).containsExactly("o-6", "o-7");
        });
    }

    @Test
    void onMethodsAreRegisteredUnderGlobalLazyInitialization() {
        this.contextRunner.withUserConfiguration(LazyListenerConfiguration.class, OrderListenerConfiguration.class)
            .withInitializer((context) -> context
                .addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                assertThat(emitter.listenerCount("order.created")).isOne();
                assertThat(emitter.listenerCount("order.shipped")).isOne();
                assertThat(LazyOrderListener.instances).hasValue(0);
                emitter.emit("order.shipped", "o-8");
                assertThat(LazyOrderListener.instances).hasValue(1);
            });
    }

    @Test
    void adviceOnAnOnMethodApplies() {
        this.contextRunner.withUserConfiguration(RetryingListenerConfiguration.class).run((context) -> {
            assertThat(context.getBean(Emitter.class).emit("payment.received", "p-1")).isTrue();
            assertThat(FlakyPaymentListener.attempts).hasValue(3);
        });
    }

    @Test
    void adviceAppliesToALazyListenerBeanBehindAnInterfaceBasedProxy() {
        this.contextRunner.withUserConfiguration(LazyInterfaceRetryingListenerConfiguration.class).run((context) -> {
            assertThat(FlakyPaymentListener.attempts).hasValue(0);
            assertThat(context.getBean(Emitter.class).emit("payment.received", "p-2")).isTrue();
            assertThat(FlakyPaymentListener.attempts).hasValue(3);
            assertThat(context.getBean(PaymentHandler.class)).isInstanceOf(Proxy.class);
        });
    }

    @Test
    void conditionsCanReferenceBeans() {
        this.contextRunner.withUserConfiguration(ConditionalListenerConfiguration.class).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            emitter.emit("order.created", "small");
            emitter.emit("order.created", "large");
            assertThat(context.getBean(ConditionalListener.class).received).containsExactly("large");
        });
    }

    @Test
    void scopedProxyBeanIsRegisteredOnceAndDeliversToTheTargetOfTheCurrentScope() {
        this.contextRunner.withUserConfiguration(ThreadScopedListenerConfiguration.class).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter.listeners("order.created")).extracting(ListenerInfo::id)
                .containsExactly("threadScopedOrderListener#onCreated");

            emitter.emit("order.created", "on-main");
            AtomicReference<List<String>> otherThreadReceived = new AtomicReference<>();
            Thread other = new Thread(() -> {
                emitter.emit("order.created", "on-other");
                otherThreadReceived.set(context.getBean(OrderListener.class).receivedOrders());
            });
            other.start();
            other.join();

            assertThat(context.getBean(OrderListener.class).receivedOrders()).containsExactly("on-main");
            assertThat(otherThreadReceived.get()).containsExactly("on-other");
        });
    }

    @Test
    void prototypeBeanIsNotRegisteredAndAWarningNamesTheBeanItsClassAndItsOnMethods(CapturedOutput output) {
        this.contextRunner.withUserConfiguration(PrototypeListenerConfiguration.class).run((context) -> {
            assertThat(context.getBean(Emitter.class).listenerCount("order.created")).isZero();
            assertThat(output).containsOnlyOnce("The @On methods of bean 'prototypeOrderListener' ("
                    + OrderListener.class.getName() + ") are not registered: onCreated. The bean is prototype-scoped");
            assertThat(output).contains("only the @On methods of singleton beans are registered");
        });
    }

    @Test
    void scopedProxyBeanGetsNoWarningForItsScopedTarget(CapturedOutput output) {
        this.contextRunner.withUserConfiguration(ThreadScopedListenerConfiguration.class)
            .run((context) -> assertThat(output).doesNotContain("are not registered"));
    }

    private static Throwable listenerDefinitionFailure(Throwable failure) {
        Throwable candidate = failure;
        while (candidate != null && !(candidate instanceof ListenerDefinitionException)) {
            candidate = candidate.getCause();
        }
        assertThat(candidate).as("ListenerDefinitionException in the cause chain of %s", failure).isNotNull();
        return candidate;
    }

    static class OrderListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @On("order.created")
        public void onCreated(String orderId) {
            this.received.add(orderId);
        }

        /** Read through this method, not the field, when the bean is a proxy. */
        public List<String> receivedOrders() {
            return List.copyOf(this.received);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderListenerConfiguration {

        @Bean
        OrderListener orderListener() {
            return new OrderListener();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserEmitterConfiguration {

        @Bean
        Emitter userEmitter() {
            return Emitter.create();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ForwardingEmitterConfiguration {

        @Bean
        Emitter forwardingEmitter() {
            return new ForwardingEmitter(Emitter.create());
        }

    }

    static class AsyncListener {

        final CountDownLatch done = new CountDownLatch(1);

        final AtomicReference<String> threadName = new AtomicReference<>();

        final AtomicReference<String> decoration = new AtomicReference<>();

        @On(value = "report.requested", async = true)
        public void onReportRequested() {
            this.threadName.set(Thread.currentThread().getName());
            this.decoration.set(TaskDecoratorConfiguration.DECORATION.get());
            this.done.countDown();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncListenerConfiguration {

        @Bean
        AsyncListener asyncListener() {
            return new AsyncListener();
        }

    }

    static class SlowAsyncListener {

        private final AtomicInteger finished;

        private final @Nullable CountDownLatch release;

        SlowAsyncListener(AtomicInteger finished, @Nullable CountDownLatch release) {
            this.finished = finished;
            this.release = release;
        }

        @On(value = "report.requested", async = true)
        public void onReportRequested() throws InterruptedException {
            // the first invocation holds the only thread until released (or interrupted), so the others queue up
            if (this.release != null) {
                this.release.await(5, TimeUnit.SECONDS);
            }
            else {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            this.finished.incrementAndGet();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SlowAsyncListenerConfiguration {

        @Bean
        SlowAsyncListener slowAsyncListener(AtomicInteger finished, ObjectProvider<CountDownLatch> release) {
            return new SlowAsyncListener(finished, release.getIfAvailable());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class TaskDecoratorConfiguration {

        static final ThreadLocal<String> DECORATION = new ThreadLocal<>();

        @Bean
        TaskDecorator decorating() {
            return (runnable) -> () -> {
                DECORATION.set("decorated");
                try {
                    runnable.run();
                }
                finally {
                    DECORATION.remove();
                }
            };
        }

    }

    static class StaticListener {

        @On("order.created")
        public static void onOrder() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class StaticListenerConfiguration {

        @Bean
        StaticListener staticListener() {
            return new StaticListener();
        }

    }

    static class BadConditionListener {

        @On(value = "order.created", condition = "#args[0] ==")
        public void onOrder() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadConditionListenerConfiguration {

        @Bean
        BadConditionListener badConditionListener() {
            return new BadConditionListener();
        }

    }

    static class UnknownVariableListener {

        @On(value = "order.created", condition = "#ordr.length() > 3")
        public void onCreated(String order) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownVariableListenerConfiguration {

        @Bean
        UnknownVariableListener unknownVariableListener() {
            return new UnknownVariableListener();
        }

    }

    static class LazyOrderListener {

        static final AtomicInteger instances = new AtomicInteger();

        final List<String> received = new CopyOnWriteArrayList<>();

        LazyOrderListener() {
            instances.incrementAndGet();
        }

        @On("order.shipped")
        public void onShipped(String orderId) {
            this.received.add(orderId);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class LazyListenerConfiguration {

        @Bean
        @Lazy
        LazyOrderListener lazyOrderListener() {
            return new LazyOrderListener();
        }

    }

    static class FlakyPaymentListener {

        static final AtomicInteger attempts = new AtomicInteger();

        @On("payment.received")
        @Retryable(maxRetries = 2, delay = 0)
        public void onPayment(String paymentId) {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Payment service unavailable for " + paymentId);
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods
    static class RetryingListenerConfiguration {

        @Bean
        FlakyPaymentListener flakyPaymentListener() {
            return new FlakyPaymentListener();
        }

    }

    interface PaymentHandler {

        // on the interface: a JDK proxy's advice sees the interface method
        @Retryable(maxRetries = 2, delay = 0)
        void onPayment(String paymentId);

    }

    static class InterfaceFlakyPaymentListener implements PaymentHandler {

        @Override
        @On("payment.received")
        public void onPayment(String paymentId) {
            if (FlakyPaymentListener.attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Payment service unavailable for " + paymentId);
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods(proxyTargetClass = false)
    static class LazyInterfaceRetryingListenerConfiguration {

        @Bean
        @Lazy
        InterfaceFlakyPaymentListener paymentHandler() {
            return new InterfaceFlakyPaymentListener();
        }

    }

    static class OrderSizeFilter {

        public boolean accepts(String order) {
            return "large".equals(order);
        }

    }

    static class ConditionalListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @On(value = "order.created", condition = "@orderSizeFilter.accepts(#order)")
        public void onCreated(String order) {
            this.received.add(order);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ConditionalListenerConfiguration {

        @Bean
        OrderSizeFilter orderSizeFilter() {
            return new OrderSizeFilter();
        }

        @Bean
        ConditionalListener conditionalListener() {
            return new ConditionalListener();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadScopedListenerConfiguration {

        @Bean
        static CustomScopeConfigurer threadScope() {
            CustomScopeConfigurer configurer = new CustomScopeConfigurer();
            configurer.addScope("thread", new SimpleThreadScope());
            return configurer;
        }

        @Bean
        @Scope(scopeName = "thread", proxyMode = ScopedProxyMode.TARGET_CLASS)
        OrderListener threadScopedOrderListener() {
            return new OrderListener();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeListenerConfiguration {

        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        OrderListener prototypeOrderListener() {
            return new OrderListener();
        }

    }


    static final class NamingInterceptor implements EmitInterceptor, Ordered {

        private final String name;

        private final List<String> seen;

        private final int order;

        NamingInterceptor(String name, List<String> seen, int order) {
            this.name = name;
            this.seen = seen;
            this.order = order;
        }

        @Override
        public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
            this.seen.add(this.name + " " + event);
            return (outcome, failure) -> {
            };
        }

        @Override
        public ListenerRun listenerStarted(String event, ListenerInfo listener) {
            return new ListenerRun() {

                @Override
                public void returned() {
                }

                @Override
                public void finished(@Nullable Throwable failure) {
                }
            };
        }

        @Override
        public int getOrder() {
            return this.order;
        }

    }

}
