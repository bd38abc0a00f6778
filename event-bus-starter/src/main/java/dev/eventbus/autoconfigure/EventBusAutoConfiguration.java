package dev.eventbus.autoconfigure;

import dev.eventbus.Emitter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the event bus: an {@link Emitter} bean (backing off when
 * the application defines its own), the executor its async listeners run on, the deliveries that
 * {@link dev.eventbus.core.DeliveryFactory} beans contribute, the meters of {@link EventBusMetricsAutoConfiguration}
 * when it applies, and the registration of every singleton bean's {@link dev.eventbus.On @On}
 * methods with whichever {@link Emitter} bean the context holds.
 * <p>
 * With io.micrometer:context-propagation on the class path, async listeners run with the context of the emitting
 * thread (property {@code eventbus.async.propagate-context}).
 * <p>
 * The async executor is not exposed as an {@link java.util.concurrent.Executor} bean, so Boot's
 * {@code applicationTaskExecutor} stays in place. Its queue is bounded, and a full queue is handled by
 * {@code eventbus.async.overflow}. When the context closes, the bus refuses new emits and drains its accepted async
 * work within {@code eventbus.async.shutdown-timeout}, after the web server's graceful shutdown and before
 * executors stop.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(EventBusProperties.class)
@Import({ EventBusConfigurations.ListenerScannerConfiguration.class,
        EventBusConfigurations.AsyncContextPropagationConfiguration.class,
        EventBusConfigurations.AsyncExecutorConfiguration.class, EventBusConfigurations.EmitterConfiguration.class,
        EventBusConfigurations.RetryConfiguration.class,
        EventBusConfigurations.LifecycleConfiguration.class,
        EventBusConfigurations.ListenerRegistrationConfiguration.class })
public final class EventBusAutoConfiguration {

}
