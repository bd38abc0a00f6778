package dev.eventbus.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.metrics.DefaultInvocationObservationConvention;
import dev.eventbus.metrics.EmitObservationContext;
import dev.eventbus.metrics.EmitObservationConvention;
import dev.eventbus.metrics.InvocationObservationContext;
import dev.eventbus.metrics.ObservationEmitInterceptor;
import io.micrometer.common.KeyValues;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EventBusObservationAutoConfiguration}: when it observes the bus, with which conventions, and that the
 * observations sit beside the {@code eventbus.*} meters and in the caller's trace.
 */
class EventBusObservationAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static {
        // the JVM-wide registry loads its accessors once, through the context class loader: a filtered one would
        // list micrometer-observation's accessor (resources are not filtered) and then fail to load it
        ContextRegistry.getInstance();
    }

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class,
                EventBusObservationAutoConfiguration.class))
        .withUserConfiguration(ListenerConfiguration.class);

    @Test
    void withoutAnObservationRegistryNoInterceptorIsInstalled() {
        this.contextRunner.run((context) -> {
            assertThat(context).doesNotHaveBean(ObservationEmitInterceptor.class);
            assertThat(installedInterceptor(context)).isNull();
            assertThat(context.getBean(Emitter.class).emit("order.placed")).isTrue();
        });
    }

    @Test
    void withTheNoopRegistryNoInterceptorIsInstalled() {
        this.contextRunner.withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP)
            .run((context) -> assertThat(installedInterceptor(context)).isNull());
    }

    @Test
    void withBootsRegistryButNoObservationHandlerNoInterceptorIsInstalled() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasSingleBean(ObservationRegistry.class);
                assertThat(installedInterceptor(context)).isNull();
            });
    }

    @Test
    void emitsAndInvocationsAreObservedWithTheApplicationsRegistry() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
            assertThat(context).hasSingleBean(ObservationEmitInterceptor.class);

            context.getBean(Emitter.class).emit("order.cancelled", "A-1");

            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            assertThat(registry).hasNumberOfObservationsEqualTo(2)
                .hasObservationWithNameEqualTo("eventbus.emit")
                .that()
                .hasLowCardinalityKeyValue("event", "order.cancelled")
                .hasLowCardinalityKeyValue("outcome", "delivered");
            assertThat(registry).hasObservationWithNameEqualTo("eventbus.invocation")
                .that()
                .hasLowCardinalityKeyValue("listener", "orders#onPlaced")
                .hasParentObservation();
        });
    }

    @Test
    void conventionBeansReplaceTheDefaults() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
            .withUserConfiguration(ConventionConfiguration.class)
            .run((context) -> {
                context.getBean(Emitter.class).emit("order.placed", "A-1");

                TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                assertThat(registry).hasObservationWithNameEqualTo("orders.emit")
                    .that()
                    .hasLowCardinalityKeyValue("first.argument", "A-1");
                // the sync and the async listener's observations start on two threads, in either order
                assertThat(registry)
                    .forAllObservationsWithNameEqualTo("eventbus.invocation",
                            (observation) -> observation.hasLowCardinalityKeyValueWithKey("pattern"))
                    .hasAnObservationWithAKeyValue("pattern", "order.*");
            });
    }

    @Test
    void maxEventTagsBoundsTheEventKeyOfObservations() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
            .withPropertyValues("eventbus.metrics.max-event-tags=1")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                emitter.emit("order.placed");
                emitter.emit("order.cancelled");

                assertThat(context.getBean(TestObservationRegistry.class))
                    .hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
                        .hasLowCardinalityKeyValue("event", "order.placed"))
                    .hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
                        .hasLowCardinalityKeyValue("event", "other"));
            });
    }

    @Test
    void observationsCanBeDisabled() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
            .withPropertyValues("eventbus.observations.enabled=false")
            .run((context) -> {
                context.getBean(Emitter.class).emit("order.placed");

                assertThat(context).doesNotHaveBean(ObservationEmitInterceptor.class);
                assertThat(installedInterceptor(context)).isNull();
                assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
            });
    }

    @Test
    void startsAndEmitsWithoutMicrometerObservationOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.observation")).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ObservationEmitInterceptor.class);
            assertThat(installedInterceptor(context)).isNull();
            assertThat(context.getBean(Emitter.class).emit("order.placed", "A-2")).isTrue();
            assertThat(context.getBean(Orders.class).placed).containsExactly("A-2");
        });
    }

    @Test
    void spanOfAnAsyncListenerIsAChildOfTheEmitSpan() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
            .withUserConfiguration(TracingConfiguration.class)
            .run(this::assertAsyncSpanIsAChildOfTheEmitSpan);
    }

    @Test
    void spanOfAnAsyncListenerIsAChildOfTheEmitSpanWithoutContextPropagation() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
            .withUserConfiguration(TracingConfiguration.class)
            .withPropertyValues("eventbus.async.propagate-context=false")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(ContextPropagatingInterceptor.class);
                assertAsyncSpanIsAChildOfTheEmitSpan(context);
            });
    }

    private void assertAsyncSpanIsAChildOfTheEmitSpan(AssertableApplicationContext context) throws Exception {
        SimpleTracer tracer = context.getBean(SimpleTracer.class);
        Span caller = tracer.nextSpan().name("caller").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(caller)) {
            context.getBean(Emitter.class).emit("order.placed", "A-3");
        }
        caller.end();
        Orders orders = context.getBean(Orders.class);
        assertThat(orders.mailed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(TIMEOUT).until(() -> span(tracer, "orders#mail on order.placed") != null
                && span(tracer, "orders#mail on order.placed").getEndTimestamp().toEpochMilli() != 0);

        SimpleSpan emit = span(tracer, "emit order.placed");
        SimpleSpan sync = span(tracer, "orders#onPlaced on order.placed");
        SimpleSpan async = span(tracer, "orders#mail on order.placed");
        assertThat(emit.getTraceId()).isEqualTo(caller.context().traceId());
        assertThat(emit.getParentId()).isEqualTo(caller.context().spanId());
        assertThat(sync.getParentId()).isEqualTo(emit.getSpanId());
        assertThat(async.getParentId()).isEqualTo(emit.getSpanId());
        assertThat(async.getTraceId()).isEqualTo(emit.getTraceId());
        assertThat(async.getTags()).containsEntry("mode", "async").containsEntry("listener", "orders#mail");
        assertThat(orders.mailSpan).isSameAs(async);
        assertThat(orders.mailThread).startsWith("eventbus-");
    }

    @Test
    void prometheusScrapeHoldsTheMetersAndTheObservationTimersWithoutAClash() {
        List<String> failedRegistrations = new CopyOnWriteArrayList<>();
        this.contextRunner
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
            .withBean(PrometheusMeterRegistry.class, () -> {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registry.config()
                    .onMeterRegistrationFailed((id, reason) -> failedRegistrations.add(id.getName() + ": " + reason));
                return registry;
            })
            .run((context) -> {
                assertThat(context).hasSingleBean(ObservationEmitInterceptor.class);
                Emitter emitter = context.getBean(Emitter.class);
                emitter.emit("order.placed", "A-4");
                emitter.emit("invoice.paid");
                Orders orders = context.getBean(Orders.class);
                assertThat(orders.mailed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                await().atMost(TIMEOUT)
                    .until(() -> registry.find("eventbus.invocation").tag("listener", "orders#mail").timer() != null);

                List<String> samples = registry.scrape()
                    .lines()
                    .filter((line) -> line.startsWith("eventbus_"))
                    .toList();

                assertThat(failedRegistrations).isEmpty();
                assertThat(samples).contains(
                        "eventbus_emits_total{event=\"order.placed\",outcome=\"delivered\"} 1.0",
                        "eventbus_emits_total{event=\"invoice.paid\",outcome=\"unhandled\"} 1.0",
                        "eventbus_emit_seconds_count{error=\"none\",event=\"order.placed\",method=\"emit\","
                                + "outcome=\"delivered\"} 1",
                        "eventbus_emit_seconds_count{error=\"none\",event=\"invoice.paid\",method=\"emit\","
                                + "outcome=\"unhandled\"} 1",
                        "eventbus_emit_active_seconds_count{event=\"order.placed\",method=\"emit\"} 0",
                        "eventbus_listener_seconds_count{event=\"order.placed\",exception=\"none\","
                                + "listener=\"orders#onPlaced\",mode=\"sync\",outcome=\"success\"} 1",
                        "eventbus_invocation_seconds_count{error=\"none\",event=\"order.placed\","
                                + "listener=\"orders#onPlaced\",mode=\"sync\",outcome=\"success\"} 1",
                        "eventbus_invocation_seconds_count{error=\"none\",event=\"order.placed\","
                                + "listener=\"orders#mail\",mode=\"async\",outcome=\"success\"} 1");
                assertThat(samples.stream().map((sample) -> sample.split("[{ ]")[0]).distinct())
                    .containsExactlyInAnyOrder("eventbus_emits_total", "eventbus_listener_seconds_count",
                            "eventbus_listener_seconds_sum", "eventbus_listener_seconds_max",
                            "eventbus_listener_wait_seconds_count", "eventbus_listener_wait_seconds_sum",
                            "eventbus_listener_wait_seconds_max", "eventbus_listeners", "eventbus_async_pending",
                            "eventbus_emit_seconds_count", "eventbus_emit_seconds_sum", "eventbus_emit_seconds_max",
                            "eventbus_emit_active_seconds_count", "eventbus_emit_active_seconds_sum",
                            "eventbus_emit_active_seconds_max", "eventbus_invocation_seconds_count",
                            "eventbus_invocation_seconds_sum", "eventbus_invocation_seconds_max",
                            "eventbus_invocation_active_seconds_count", "eventbus_invocation_active_seconds_sum",
                            "eventbus_invocation_active_seconds_max",
                            // the shutdown counters of the async listener, registered at zero with its other meters
                            "eventbus_async_rejections_total", "eventbus_async_abandoned_total");
            });
    }

    @Test
    void observationTimersCanBeDroppedByNameWithoutDroppingTheContractMeters() {
        this.contextRunner
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
            .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .withUserConfiguration(TracingConfiguration.class)
            .withPropertyValues("management.metrics.enable.eventbus.emit=false",
                    "management.metrics.enable.eventbus.invocation=false")
            .run((context) -> {
                context.getBean(Emitter.class).emit("order.cancelled", "A-5");

                assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
                    .contains("eventbus_emits_total{event=\"order.cancelled\",outcome=\"delivered\"} 1.0")
                    .contains("eventbus_listener_seconds_count{event=\"order.cancelled\"")
                    .doesNotContain("eventbus_emit_")
                    .doesNotContain("eventbus_invocation_");
                assertThat(span(context.getBean(SimpleTracer.class), "emit order.cancelled")).isNotNull();
            });
    }

    private static EmitInterceptor installedInterceptor(AssertableApplicationContext context) {
        // the interceptor the emit path calls lives in the emitter's dispatcher
        Object dispatcher = ReflectionTestUtils.getField(context.getBean(Emitter.class), "dispatcher");
        return (EmitInterceptor) ReflectionTestUtils.getField(dispatcher, "interceptor");
    }

    private static SimpleSpan span(SimpleTracer tracer, String name) {
        return tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst().orElse(null);
    }

    static class Orders {

        final List<String> placed = new CopyOnWriteArrayList<>();

        final CountDownLatch mailed = new CountDownLatch(1);

        private final Tracer tracer;

        volatile Span mailSpan;

        volatile String mailThread;

        Orders(Tracer tracer) {
            this.tracer = tracer;
        }

        @On("order.*")
        public void onPlaced(String id) {
            this.placed.add(id);
        }

        @On(value = "order.placed", async = true)
        public void mail(String id) {
            this.mailSpan = this.tracer.currentSpan();
            this.mailThread = Thread.currentThread().getName();
            this.mailed.countDown();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        Orders orders(ObjectProvider<Tracer> tracer) {
            return new Orders(tracer.getIfAvailable(() -> Tracer.NOOP));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class TracingConfiguration {

        @Bean
        SimpleTracer simpleTracer() {
            return new SimpleTracer();
        }

        @Bean
        DefaultTracingObservationHandler tracingObservationHandler(SimpleTracer tracer) {
            return new DefaultTracingObservationHandler(tracer);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ConventionConfiguration {

        @Bean
        EmitObservationConvention ordersEmitConvention() {
            return new EmitObservationConvention() {

                @Override
                public String getName() {
                    return "orders.emit";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(EmitObservationContext context) {
                    return KeyValues.of("first.argument", String.valueOf(context.getArgs().get(0)));
                }
            };
        }

        @Bean
        DefaultInvocationObservationConvention patternInvocationConvention() {
            return new DefaultInvocationObservationConvention() {

                @Override
                public KeyValues getLowCardinalityKeyValues(InvocationObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("pattern", context.getListener().pattern());
                }
            };
        }

    }

}
