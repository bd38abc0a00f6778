package dev.eventbus.autoconfigure;

import dev.eventbus.Emitter;
import dev.eventbus.core.EmitterInstrumentation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus's meters, in their own auto-configuration: on with a {@link MeterRegistry} bean, off without one, without
 * Micrometer, when disabled, or when the application brings its own {@link EmitterInstrumentation}.
 */
class EventBusMetricsAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class));

    @Test
    void meterRegistryBeanMakesTheEmitterRecordMeters() {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withUserConfiguration(EventBusAutoConfigurationTest.OrderListenerConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(EmitterInstrumentation.class);
                context.getBean(Emitter.class).emit("order.created", "o-4");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                Counter delivered = registry.find("eventbus.emits")
                    .tags("event", "order.created", "outcome", "delivered")
                    .counter();
                assertThat(delivered).isNotNull();
                assertThat(delivered.count()).isEqualTo(1.0);
                assertThat(registry.find("eventbus.listeners").gauge()).isNotNull();
            });
    }

    @Test
    void meterRegistryFromBootMetricsAutoConfigurationIsUsed() {
        this.contextRunner
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasSingleBean(EmitterInstrumentation.class);
                context.getBean(Emitter.class).emit("nobody.listens");
                assertThat(context.getBean(MeterRegistry.class)
                    .find("eventbus.emits")
                    .tags("event", "nobody.listens", "outcome", "unhandled")
                    .counter()).isNotNull();
            });
    }

    @Test
    void maxEventTagsIsBoundFromProperties() {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withPropertyValues("eventbus.metrics.max-event-tags=1")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                emitter.emit("first.event");
                emitter.emit("second.event");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.find("eventbus.emits").tag("event", "first.event").counter()).isNotNull();
                assertThat(registry.find("eventbus.emits").tag("event", "second.event").counter()).isNull();
                assertThat(registry.find("eventbus.emits").tag("event", "other").counter()).isNotNull();
            });
    }

    @Test
    void metricsCanBeDisabled() {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withPropertyValues("eventbus.metrics.enabled=false")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(EmitterInstrumentation.class);
                context.getBean(Emitter.class).emit("order.created");
                assertThat(context.getBean(MeterRegistry.class).find("eventbus.emits").meters()).isEmpty();
            });
    }

    @Test
    void noMetricsWithoutAMeterRegistryBean() {
        this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EmitterInstrumentation.class));
    }

    @Test
    void startsAndEmitsWithoutMicrometerOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
            .withBean(SimpleMeterRegistry.class)
            .withUserConfiguration(EventBusAutoConfigurationTest.OrderListenerConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(EmitterInstrumentation.class);
                assertThat(context.getBean(Emitter.class).emit("order.created", "o-5")).isTrue();
                assertThat(context.getBean(EventBusAutoConfigurationTest.OrderListener.class).received).containsExactly("o-5");
                assertThat(context.getBean(MeterRegistry.class).find("eventbus.emits").meters()).isEmpty();
            });
    }

    @Test
    void emitterInstrumentationOfTheApplicationsOwnReplacesTheMeters() {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withBean("ownInstrumentation", EmitterInstrumentation.class, () -> EmitterInstrumentation.NONE)
            .run((context) -> {
                assertThat(context).hasSingleBean(EmitterInstrumentation.class);
                assertThat(context.getBean(EmitterInstrumentation.class)).isSameAs(EmitterInstrumentation.NONE);
                context.getBean(Emitter.class).emit("order.created");
                assertThat(context.getBean(MeterRegistry.class).find("eventbus.emits").meters()).isEmpty();
            });
    }

    @Test
    void withoutTheMetricsAutoConfigurationTheBusRecordsNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                assertThat(context).doesNotHaveBean(EmitterInstrumentation.class);
                context.getBean(Emitter.class).emit("order.created");
                assertThat(context.getBean(MeterRegistry.class).find("eventbus.emits").meters()).isEmpty();
            });
    }

}
