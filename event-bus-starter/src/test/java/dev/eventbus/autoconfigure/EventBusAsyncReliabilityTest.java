package dev.eventbus.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.Emitter;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.On;
import dev.eventbus.core.AsyncSettings;
import dev.eventbus.core.DefaultEmitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure and shutdown of the auto-configured bus in a real context: the bounded queue, the overflow policy
 * and timeouts bound from {@code eventbus.async.*}, and the context's close draining the bus before beans go.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventBusAsyncReliabilityTest {

    private static final long WAIT_SECONDS = 10;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(ReportConfiguration.class);

    @Test
    void asyncQueueIsBoundedByDefaultAndMaxSizeFollowsCoreSize() {
        this.contextRunner.withPropertyValues("eventbus.async.core-size=3").run((context) -> {
            ThreadPoolTaskExecutor executor = (ThreadPoolTaskExecutor) context.getBean(AsyncExecutorHolder.class)
                .getExecutor();
            assertThat(executor.getQueueCapacity()).isEqualTo(10_000);
            assertThat(executor.getCorePoolSize()).isEqualTo(3);
            assertThat(executor.getMaxPoolSize()).isEqualTo(3);
        });
    }

    @Test
    void propertyDefaultsAreTheEnginesDefaults() {
        assertThat(new EventBusProperties().getAsync().toSettings()).isEqualTo(AsyncSettings.DEFAULTS);
    }

    @Test
    void fullQueueRunsTheListenerOnTheEmittingThreadByDefault() {
        this.contextRunner.withPropertyValues("eventbus.async.core-size=1", "eventbus.async.queue-capacity=1")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                Reports reports = context.getBean(Reports.class);
                fillThreadAndQueue(emitter, reports);

                emitter.emit("report.requested", "third");

                assertThat(reports.threads).contains("third on " + Thread.currentThread().getName());
                reports.release.countDown();
            });
    }

    @Test
    void overflowFailIsBoundFromPropertiesAndFailsTheEmitNamingTheQueueCapacity() {
        this.contextRunner
            .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.queue-capacity=1",
                    "eventbus.async.overflow=fail")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                Reports reports = context.getBean(Reports.class);
                fillThreadAndQueue(emitter, reports);

                Throwable thrown = catchThrowable(() -> emitter.emit("report.requested", "third"));

                assertThat(thrown).isInstanceOf(AsyncOverflowException.class)
                    .hasMessageContaining("'reports#build'")
                    .hasMessageContaining("'report.requested'")
                    .hasMessageContaining("eventbus.async.queue-capacity=1")
                    .hasMessageContaining("1 of 1 threads busy");
                reports.release.countDown();
            });
    }

    @Test
    void overflowBlockWaitsUpToTheBlockTimeoutFromProperties() {
        this.contextRunner
            .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.queue-capacity=1",
                    "eventbus.async.overflow=block", "eventbus.async.block-timeout=150ms")
            .run((context) -> {
                Emitter emitter = context.getBean(Emitter.class);
                Reports reports = context.getBean(Reports.class);
                fillThreadAndQueue(emitter, reports);

                assertThatExceptionOfType(AsyncOverflowException.class)
                    .isThrownBy(() -> emitter.emit("report.requested", "third"))
                    .withMessageContaining("block timeout of PT0.15S");
                reports.release.countDown();
            });
    }

    @Test
    void invalidQueueCapacityFailsStartupNamingTheValue() {
        this.contextRunner.withPropertyValues("eventbus.async.queue-capacity=-1").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("eventbus.async.queue-capacity")
                .hasMessageContaining("-1");
        });
    }

    @Test
    void zeroBlockTimeoutFailsStartupNamingTheValue() {
        this.contextRunner.withPropertyValues("eventbus.async.block-timeout=0s").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("eventbus.async.block-timeout")
                .hasMessageContaining("PT0S");
        });
    }

    @Test
    void unknownOverflowPolicyFailsStartupNamingTheValue() {
        this.contextRunner.withPropertyValues("eventbus.async.overflow=drop").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("drop");
        });
    }

    @Test
    void closingTheContextRunsEveryQueuedListenerBeforeTheBeansItUsesAreDestroyed() {
        this.contextRunner.withPropertyValues("eventbus.async.core-size=1")
            .run((context) -> {
                DefaultEmitter emitter = context.getBean(DefaultEmitter.class);
                Reports reports = context.getBean(Reports.class);
                for (int i = 0; i < 5; i++) {
                    emitter.emit("report.requested", "r" + i);
                }
                assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                releaseOnceTheBusCloses(emitter, reports);

                context.close();

                assertThat(reports.finished).containsExactly("r0", "r1", "r2", "r3", "r4");
                assertThat(reports.sawDestroyedDependency).as("a bean destroyed before a drained listener ran")
                    .isFalse();
            });
    }

    @Test
    void closingAContextThatWasStoppedFirstStillDrainsTheBusBeforeTheBeansItUsesAreDestroyed() {
        // the listener's dependency uses the emitter too, so it is destroyed before the emitter bean is
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
            .withUserConfiguration(EmittingReportConfiguration.class)
            .withPropertyValues("eventbus.async.core-size=1")
            .run((context) -> {
                DefaultEmitter emitter = context.getBean(DefaultEmitter.class);
                Reports reports = context.getBean(Reports.class);
                for (int i = 0; i < 5; i++) {
                    emitter.emit("report.requested", "r" + i);
                }
                assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                context.getSourceApplicationContext().stop();
                releaseOnceTheBusCloses(emitter, reports);

                context.close();

                assertThat(emitter.isClosed()).isTrue();
                assertThat(reports.finished).containsExactly("r0", "r1", "r2", "r3", "r4");
                assertThat(reports.sawDestroyedDependency).as("a bean destroyed before a drained listener ran")
                    .isFalse();
            });
    }

    @Test
    void listenersUnfinishedAtTheShutdownTimeoutAreLoggedWithCountAndEventNamesAndCounted(CapturedOutput output) {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.shutdown-timeout=100ms")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                Emitter emitter = context.getBean(Emitter.class);
                Reports reports = context.getBean(Reports.class);
                for (int i = 0; i < 3; i++) {
                    emitter.emit("report.requested", "r" + i);
                }
                assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

                context.close();

                assertThat(output).contains("Event bus shut down with 3 async listener invocations unfinished after "
                        + "waiting PT0.1S (2 queued, discarded; 1 still running",
                        "report.requested={reports#build=3}");
                assertThat(registry.get("eventbus.async.abandoned")
                    .tag("event", "report.requested")
                    .tag("listener", "reports#build")
                    .counter()
                    .count()).isEqualTo(3);
                assertThat(reports.finished).as("nothing ran after the report").isEmpty();
            });
    }

    @Test
    void listenerStillRunningAtTheShutdownTimeoutIsInterruptedWhenTheExecutorStops() {
        this.contextRunner.withPropertyValues("eventbus.async.shutdown-timeout=0").run((context) -> {
            Reports reports = context.getBean(Reports.class);
            context.getBean(Emitter.class).emit("report.requested", "r0");
            assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            context.close();

            assertThat(reports.interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void listenerStillRunningAtTheShutdownTimeoutIsInterruptedWhenTheExecutorStopsOnVirtualThreadsToo() {
        this.contextRunner
            .withPropertyValues("spring.threads.virtual.enabled=true", "eventbus.async.shutdown-timeout=0")
            .run((context) -> {
                Reports reports = context.getBean(Reports.class);
                context.getBean(Emitter.class).emit("report.requested", "r0");
                assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

                context.close();

                assertThat(reports.interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            });
    }

    @Test
    void emitAfterTheContextClosedThrowsEmitterClosedException() {
        this.contextRunner.run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);

            context.close();

            assertThatExceptionOfType(EmitterClosedException.class)
                .isThrownBy(() -> emitter.emit("report.requested", "late"))
                .withMessageContaining("'report.requested'");
        });
    }

    @Test
    void stoppingAndRestartingTheContextWithoutClosingItLeavesTheBusOpen() {
        this.contextRunner.run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            Reports reports = context.getBean(Reports.class);
            reports.release.countDown();

            context.stop();
            context.start();

            assertThat(((DefaultEmitter) emitter).isClosed()).isFalse();
            emitter.emitAsync("report.requested", "after restart").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(reports.finished).containsExactly("after restart");
        });
    }

    @Test
    void anEmitterOfTheApplicationsOwnIsClosedWithTheContextToo() {
        this.contextRunner.withBean("userEmitter", Emitter.class, Emitter::create).run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            assertThat(emitter).isInstanceOf(DefaultEmitter.class);

            context.close();

            assertThat(((DefaultEmitter) emitter).isClosed()).isTrue();
        });
    }

    @Test
    void busStopsAfterTheWebServersGracefulShutdownAndBeforeExecutorsAndSchedulers() {
        this.contextRunner.run((context) -> {
            int phase = context.getBean(EventBusLifecycle.class).getPhase();
            assertThat(phase).isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isGreaterThan(ExecutorConfigurationSupport.DEFAULT_PHASE);
        });
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedShutdownPropertiesStillSetTheTimeoutUnlessTheNewOneIsSet() {
        this.contextRunner.withPropertyValues("eventbus.async.shutdown.await-termination-period=5s")
            .run((context) -> assertThat(context.getBean(EventBusProperties.class).getAsync()
                .effectiveShutdownTimeout()).isEqualTo(Duration.ofSeconds(5)));
        this.contextRunner
            .withPropertyValues("eventbus.async.shutdown.await-termination-period=5s",
                    "eventbus.async.shutdown-timeout=7s")
            .run((context) -> assertThat(context.getBean(EventBusProperties.class).getAsync()
                .effectiveShutdownTimeout()).isEqualTo(Duration.ofSeconds(7)));
        this.contextRunner.run((context) -> assertThat(context.getBean(EventBusProperties.class).getAsync()
            .effectiveShutdownTimeout()).isEqualTo(Duration.ofSeconds(30)));
    }

    /**
     * Lets the listeners go on from the moment the bus closes, so that they run during its drain: before the beans
     * they use are destroyed when the bus drains first, after some of them otherwise.
     */
    private static void releaseOnceTheBusCloses(DefaultEmitter emitter, Reports reports) {
        CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .pollInterval(Duration.ofMillis(1))
                .until(emitter::isClosed);
            reports.release.countDown();
        });
    }

    private static void fillThreadAndQueue(Emitter emitter, Reports reports) throws InterruptedException {
        emitter.emit("report.requested", "first");
        assertThat(reports.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        emitter.emit("report.requested", "second");
    }

    static class Reports {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final CountDownLatch interrupted = new CountDownLatch(1);

        final List<String> threads = new CopyOnWriteArrayList<>();

        final List<String> finished = new CopyOnWriteArrayList<>();

        volatile boolean sawDestroyedDependency;

        private final DestroyWatch watch;

        Reports(DestroyWatch watch) {
            this.watch = watch;
        }

        @On(value = "report.requested", async = true)
        public void build(String id) throws InterruptedException {
            this.threads.add(id + " on " + Thread.currentThread().getName());
            if (Thread.currentThread().getName().startsWith("eventbus-")) {
                this.entered.countDown();
                try {
                    if (!this.release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        return;
                    }
                }
                catch (InterruptedException ex) {
                    this.interrupted.countDown();
                    throw ex;
                }
            }
            if (this.watch.destroyed.get()) {
                this.sawDestroyedDependency = true;
            }
            this.finished.add(id);
        }

    }

    static class DestroyWatch implements DisposableBean {

        final AtomicBoolean destroyed = new AtomicBoolean();

        @Override
        public void destroy() {
            this.destroyed.set(true);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EmittingReportConfiguration {

        @Bean
        DestroyWatch destroyWatch(Emitter emitter) {
            return new DestroyWatch();
        }

        @Bean
        Reports reports(DestroyWatch destroyWatch) {
            return new Reports(destroyWatch);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ReportConfiguration {

        @Bean
        DestroyWatch destroyWatch() {
            return new DestroyWatch();
        }

        @Bean
        Reports reports(DestroyWatch destroyWatch) {
            return new Reports(destroyWatch);
        }

    }

}
