package dev.eventbus.autoconfigure;

import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusAsyncReliabilityTest.ReportConfiguration;
import dev.eventbus.autoconfigure.EventBusAsyncReliabilityTest.Reports;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shutdown meters with the actuator's own meter registry, which Spring Boot closes when the context closes,
 * before the bus drains: what the bus abandons then is still counted.
 */
class EventBusShutdownMetricsTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(ReportConfiguration.class)
        .withPropertyValues("eventbus.async.core-size=1", "eventbus.async.shutdown-timeout=100ms");

    @Test
    void invocationsAbandonedAtCloseAreCountedInTheActuatorsRegistryThatClosedFirst() {
        this.contextRunner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Reports reports = context.getBean(Reports.class);
            Emitter emitter = context.getBean(Emitter.class);
            for (int i = 0; i < 3; i++) {
                emitter.emit("report.requested", "r" + i);
            }
            assertThat(reports.entered.await(10, TimeUnit.SECONDS)).isTrue();

            context.close();

            assertThat(registry.isClosed()).as("Boot closed the registry").isTrue();
            assertThat(registry.get("eventbus.async.abandoned")
                .tag("event", "report.requested")
                .tag("listener", "reports#build")
                .counter()
                .count()).isEqualTo(3);
            reports.release.countDown();
        });
    }

    @Test
    void rejectionCountersOfTheConfiguredPolicyExistAtZeroBeforeAnythingIsRefused() {
        this.contextRunner.withPropertyValues("eventbus.async.overflow=block").run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Reports reports = context.getBean(Reports.class);
            context.getBean(Emitter.class).emit("report.requested", "r0");
            assertThat(reports.entered.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(registry.find("eventbus.async.rejections").counters())
                .extracting((counter) -> counter.getId().getTag("action") + "=" + counter.count())
                .containsExactlyInAnyOrder("waited=0.0", "failed=0.0");
            reports.release.countDown();
        });
    }

}
