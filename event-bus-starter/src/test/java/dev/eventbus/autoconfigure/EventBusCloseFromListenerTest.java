package dev.eventbus.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eventbus.On;
import dev.eventbus.core.DefaultEmitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An async listener that closes the application context (an admin command, a fatal condition): the close drains the
 * other work and returns, without waiting for, reporting or interrupting the listener that called it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventBusCloseFromListenerTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withUserConfiguration(ShutdownConfiguration.class)
        // a close that waited for its own caller would take all of this
        .withPropertyValues("eventbus.async.core-size=2", "eventbus.async.shutdown-timeout=60s");

    @Test
    void closingTheContextFromAnAsyncListenerFinishesTheOtherWorkAndDoesNotWaitForItself(CapturedOutput output)
            throws Exception {
        this.contextRunner.run((context) -> {
            Admin admin = context.getBean(Admin.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            DefaultEmitter emitter = context.getBean(DefaultEmitter.class);
            emitter.emit("report.requested", "r1");
            assertThat(admin.reportStarted.await(10, TimeUnit.SECONDS)).isTrue();

            emitter.emit("shutdown.requested");

            assertThat(admin.closeReturned.await(20, TimeUnit.SECONDS)).as("the close returned to the listener")
                .isTrue();
            assertThat(admin.steps).containsExactly("report r1 finished", "close returned, interrupted: false");
            assertThat(emitter.isClosed()).isTrue();
            assertThat(registry.find("eventbus.async.abandoned").counters())
                .allSatisfy((counter) -> assertThat(counter.count()).isZero());
            assertThat(output).doesNotContain("unfinished");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ShutdownConfiguration {

        @Bean
        Admin admin() {
            return new Admin();
        }

    }

    static class Admin implements ApplicationContextAware {

        final CountDownLatch reportStarted = new CountDownLatch(1);

        final CountDownLatch closing = new CountDownLatch(1);

        final CountDownLatch closeReturned = new CountDownLatch(1);

        final List<String> steps = new CopyOnWriteArrayList<>();

        private ConfigurableApplicationContext context;

        @Override
        public void setApplicationContext(ApplicationContext applicationContext) {
            this.context = (ConfigurableApplicationContext) applicationContext;
        }

        @On(value = "report.requested", async = true)
        public void report(String id) throws InterruptedException {
            this.reportStarted.countDown();
            // still running when the close starts: the close must wait for it
            if (this.closing.await(10, TimeUnit.SECONDS)) {
                this.steps.add("report " + id + " finished");
            }
        }

        @On(value = "shutdown.requested", async = true)
        public void closeTheApplication() {
            this.closing.countDown();
            this.context.close();
            this.steps.add("close returned, interrupted: " + Thread.currentThread().isInterrupted());
            this.closeReturned.countDown();
        }

    }

}
