package dev.eventbus.autoconfigure;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async listeners run with the context of the emitting thread: every {@link ThreadLocalAccessor} of the
 * {@link ContextRegistry} (here a plain thread-local and MDC entries), restored around the run only.
 */
class AsyncContextPropagationTest {

    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private static final String TENANT_KEY = "test.tenant";

    private static final String MDC_KEY = "test.mdc.order";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(ListenerConfiguration.class)
        // one thread, so that a second invocation runs on the very thread the first one left
        .withPropertyValues("eventbus.async.core-size=1");

    @BeforeEach
    void registerAccessors() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(TENANT_KEY, TENANT);
        ContextRegistry.getInstance()
            .registerThreadLocalAccessor(MDC_KEY, () -> MDC.get(MDC_KEY), (value) -> MDC.put(MDC_KEY, value),
                    () -> MDC.remove(MDC_KEY));
    }

    @AfterEach
    void removeAccessors() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(TENANT_KEY);
        ContextRegistry.getInstance().removeThreadLocalAccessor(MDC_KEY);
        TENANT.remove();
        MDC.remove(MDC_KEY);
    }

    @Test
    void threadLocalsOfRegisteredAccessorsReachAsyncListenersAndLeaveTheirThreadAfterwards() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(ContextPropagatingInterceptor.class);
            Seen first = emitWithContext(context, "acme", "A-1");
            assertThat(first.tenant()).isEqualTo("acme");
            assertThat(first.mdc()).isEqualTo("A-1");
            assertThat(first.thread()).startsWith("eventbus-");

            TENANT.remove();
            MDC.remove(MDC_KEY);
            context.getBean(Emitter.class).emit("report.requested");
            Seen second = context.getBean(ContextRecorder.class).next();
            assertThat(second.thread()).isEqualTo(first.thread());
            assertThat(second.tenant()).isNull();
            assertThat(second.mdc()).isNull();
        });
    }

    @Test
    void eachInvocationOfAnOrderedListenerRunsWithTheContextOfItsOwnEmit() {
        this.contextRunner.withPropertyValues("eventbus.async.core-size=2")
            .withUserConfiguration(OrderedListenerConfiguration.class)
            .run(AsyncContextPropagationTest::assertOrderedInvocationsKeepTheirOwnContext);
    }

    @Test
    void orderedListenerKeepsItsOwnContextBesideAnApplicationContextPropagatingTaskDecorator() {
        // that decorator captures when a task reaches the executor: for a queued ordered invocation, that is on the
        // thread of the invocation before it
        this.contextRunner.withPropertyValues("eventbus.async.core-size=2")
            .withUserConfiguration(OrderedListenerConfiguration.class)
            .withBean(TaskDecorator.class, ContextPropagatingTaskDecorator::new)
            .run(AsyncContextPropagationTest::assertOrderedInvocationsKeepTheirOwnContext);
    }

    private static void assertOrderedInvocationsKeepTheirOwnContext(AssertableApplicationContext context)
            throws InterruptedException {
        OrderedRecorder recorder = context.getBean(OrderedRecorder.class);
        Emitter emitter = context.getBean(Emitter.class);
        for (String tenant : List.of("t1", "t2", "t3")) {
            TENANT.set(tenant);
            try {
                emitter.emit("ledger.entry", tenant);
            }
            finally {
                TENANT.remove();
            }
        }
        // the later invocations wait in the listener's lane behind the first, then run one after another
        recorder.release.countDown();
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.seen).containsExactly("t1 in t1", "t2 in t2", "t3 in t3");
    }

    @Test
    void propagationCanBeTurnedOff() {
        this.contextRunner.withPropertyValues("eventbus.async.propagate-context=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ContextPropagatingInterceptor.class);
            Seen seen = emitWithContext(context, "acme", "A-2");
            assertThat(seen.tenant()).isNull();
            assertThat(seen.mdc()).isNull();
        });
    }

    @Test
    void applicationTaskDecoratorsStillApply() {
        this.contextRunner.withUserConfiguration(MarkingDecoratorConfiguration.class).run((context) -> {
            Seen seen = emitWithContext(context, "acme", "A-3");
            assertThat(seen.tenant()).isEqualTo("acme");
            assertThat(MarkingDecoratorConfiguration.decorated).isPositive();
        });
    }

    @Test
    void contextSnapshotFactoryBeanIsUsed() {
        ContextRegistry own = new ContextRegistry().registerThreadLocalAccessor("own.tenant", TENANT);
        this.contextRunner
            .withBean(ContextSnapshotFactory.class, () -> ContextSnapshotFactory.builder().contextRegistry(own).build())
            .run((context) -> {
                Seen seen = emitWithContext(context, "acme", "A-5");
                assertThat(seen.tenant()).isEqualTo("acme");
                // the MDC accessor is in the global registry only
                assertThat(seen.mdc()).isNull();
            });
    }

    @Test
    void startsAndRunsAsyncListenersWithoutContextPropagationOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.context")).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ContextPropagatingInterceptor.class);
            Seen seen = emitWithContext(context, "acme", "A-6");
            assertThat(seen.tenant()).isNull();
        });
    }

    private static Seen emitWithContext(AssertableApplicationContext context, String tenant, String order)
            throws InterruptedException {
        TENANT.set(tenant);
        MDC.put(MDC_KEY, order);
        try {
            context.getBean(Emitter.class).emit("report.requested");
        }
        finally {
            TENANT.remove();
            MDC.remove(MDC_KEY);
        }
        return context.getBean(ContextRecorder.class).next();
    }

    record Seen(String thread, @Nullable String tenant, @Nullable String mdc) {
    }

    static class ContextRecorder {

        private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        @On(value = "report.requested", async = true)
        public void onReportRequested() {
            this.seen.add(new Seen(Thread.currentThread().getName(), TENANT.get(), MDC.get(MDC_KEY)));
        }

        Seen next() throws InterruptedException {
            Seen next = this.seen.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("an async listener run within 5 seconds").isNotNull();
            return next;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        ContextRecorder contextRecorder() {
            return new ContextRecorder();
        }

    }

    static class OrderedRecorder {

        final List<String> seen = new CopyOnWriteArrayList<>();

        final CountDownLatch release = new CountDownLatch(1);

        final CountDownLatch done = new CountDownLatch(3);

        @On(value = "ledger.entry", async = true, ordered = true)
        public void onEntry(String entry) throws InterruptedException {
            this.release.await(5, TimeUnit.SECONDS);
            this.seen.add(entry + " in " + TENANT.get());
            this.done.countDown();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedListenerConfiguration {

        @Bean
        OrderedRecorder orderedRecorder() {
            return new OrderedRecorder();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class MarkingDecoratorConfiguration {

        static volatile int decorated;

        @Bean
        TaskDecorator marking() {
            return (task) -> {
                decorated++;
                return task;
            };
        }

    }

}
