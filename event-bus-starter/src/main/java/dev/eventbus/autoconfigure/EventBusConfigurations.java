package dev.eventbus.autoconfigure;

import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.core.EmitterInstrumentation;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * The configurations imported by {@link EventBusAutoConfiguration}, one concern each, in the order they must be
 * processed.
 */
final class EventBusConfigurations {

    private EventBusConfigurations() {
    }

    private static @Nullable TaskDecorator taskDecorator(ObjectProvider<TaskDecorator> taskDecorators) {
        List<TaskDecorator> decorators = taskDecorators.orderedStream().toList();
        if (decorators.size() == 1) {
            return decorators.get(0);
        }
        return (!decorators.isEmpty()) ? new CompositeTaskDecorator(decorators) : null;
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerScannerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AnnotatedListenerScanner eventBusListenerScanner(BeanFactory beanFactory) {
            return new AnnotatedListenerScanner(new BeanFactoryResolver(beanFactory));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Emitter.class)
    @ConditionalOnClass(ContextSnapshotFactory.class)
    @ConditionalOnBooleanProperty(name = "eventbus.async.propagate-context", matchIfMissing = true)
    static class AsyncContextPropagationConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        EmitInterceptor eventBusContextPropagation(ObjectProvider<ContextSnapshotFactory> snapshotFactory) {
            return new ContextPropagatingInterceptor(
                    snapshotFactory.getIfAvailable(() -> ContextSnapshotFactory.builder().build()));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Emitter.class)
    static class AsyncExecutorConfiguration {

        @Bean
        @ConditionalOnThreading(Threading.PLATFORM)
        AsyncExecutorHolder eventBusAsyncExecutor(EventBusProperties properties,
                ObjectProvider<TaskDecorator> taskDecorators) {
            EventBusProperties.Async async = properties.getAsync();
            // the emitter drains its async work before the executor is destroyed; what it reported unfinished by
            // then is interrupted or discarded, not waited for a second time
            return new AsyncExecutorHolder(new ThreadPoolTaskExecutorBuilder().corePoolSize(async.getCoreSize())
                .maxPoolSize(async.effectiveMaxSize())
                .queueCapacity(async.getQueueCapacity())
                .keepAlive(async.getKeepAlive())
                .allowCoreThreadTimeOut(async.isAllowCoreThreadTimeout())
                .threadNamePrefix(async.getThreadNamePrefix())
                .awaitTermination(false)
                .taskDecorator(taskDecorator(taskDecorators))
                .additionalCustomizers((executor) -> executor.setRejectedExecutionHandler(new QueueFullRejection()))
                .build());
        }

        @Bean(name = "eventBusAsyncExecutor")
        @ConditionalOnThreading(Threading.VIRTUAL)
        AsyncExecutorHolder eventBusAsyncExecutorVirtualThreads(EventBusProperties properties,
                ObjectProvider<TaskDecorator> taskDecorators) {
            EventBusProperties.Async async = properties.getAsync();
            // no queue: each invocation gets a thread, and queue-capacity bounds how many run at once; what the
            // emitter left running at its shutdown timeout is interrupted on close, as the thread pool does
            return new AsyncExecutorHolder(new SimpleAsyncTaskExecutorBuilder().virtualThreads(true)
                .threadNamePrefix(async.getThreadNamePrefix())
                .concurrencyLimit(Math.max(1, async.getQueueCapacity()))
                .rejectTasksWhenLimitReached(true)
                .cancelRemainingTasksOnClose(true)
                .taskDecorator(taskDecorator(taskDecorators))
                .build());
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Emitter.class)
    static class EmitterConfiguration {

        @Bean
        DefaultEmitter eventBusEmitter(AsyncExecutorHolder asyncExecutor, EventBusProperties properties,
                ObjectProvider<EmitterInstrumentation> instrumentation, AnnotatedListenerScanner scanner,
                ObjectProvider<EmitInterceptor> interceptors, ObjectProvider<DeliveryFactory> deliveryFactories) {
            DefaultEmitter emitter = new DefaultEmitter(asyncExecutor.getExecutor(), properties.getMaxListeners(),
                    instrumentation.getIfAvailable(() -> EmitterInstrumentation.NONE), scanner,
                    EmitInterceptor.of(interceptors.orderedStream().toList()), properties.getAsync().toSettings(),
                    deliveryFactories.orderedStream().toList());
            emitter.setMaxDepth(properties.getMaxDepth());
            emitter.setInstanceId(properties.getInstanceId());
            return emitter;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.resilience.retry.MethodRetryEvent")
    static class RetryConfiguration {

        @Bean
        RetryExhaustionRecorder eventBusRetryExhaustionRecorder() {
            return new RetryExhaustionRecorder();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class LifecycleConfiguration {

        @Bean
        EventBusLifecycle eventBusLifecycle(ObjectProvider<Emitter> emitter, EventBusProperties properties) {
            return new EventBusLifecycle(emitter, properties.getAsync().effectiveShutdownTimeout());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerRegistrationConfiguration {

        @Bean
        static OnMethodRegistrar eventBusOnMethodRegistrar() {
            return new OnMethodRegistrar();
        }

    }

}
