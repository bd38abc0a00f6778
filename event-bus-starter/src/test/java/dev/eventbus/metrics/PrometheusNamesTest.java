package dev.eventbus.metrics;

import java.util.List;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.EmitterStatistics;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus names are what dashboards query: docs/metrics.md lists them, and a base unit added to a counter
 * or a gauge would silently rename it.
 */
class PrometheusNamesTest {

    @Test
    void everyMeterIsExposedUnderItsDocumentedPrometheusName() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerEmitterInstrumentation instrumentation = new MicrometerEmitterInstrumentation(registry, 100);
        instrumentation.bindTo(new EmitterStatistics() {

            @Override
            public int registrations() {
                return 4;
            }

            @Override
            public int pendingAsync() {
                return 1;
            }
        });
        EventInstruments event = instrumentation.forEvent("order.created");
        event.emitted(EmitOutcome.DELIVERED);
        ListenerInstruments listener = event
            .forListener(new ListenerInfo("mailer#send", "order.*", 0, true, false, ""));
        listener.waited(1_000_000);
        listener.failed(2_000_000, new IllegalStateException());
        listener.rejected(OverflowAction.CALLER_RUNS);
        listener.abandoned();

        List<String> samples = registry.scrape().lines().filter((line) -> !line.startsWith("#")).toList();

        assertThat(samples).contains("eventbus_emits_total{event=\"order.created\",outcome=\"delivered\"} 1.0",
                "eventbus_listener_seconds_count{event=\"order.created\",exception=\"IllegalStateException\","
                        + "listener=\"mailer#send\",mode=\"async\",outcome=\"error\"} 1",
                "eventbus_listener_seconds_sum{event=\"order.created\",exception=\"IllegalStateException\","
                        + "listener=\"mailer#send\",mode=\"async\",outcome=\"error\"} 0.002",
                "eventbus_listener_seconds_max{event=\"order.created\",exception=\"IllegalStateException\","
                        + "listener=\"mailer#send\",mode=\"async\",outcome=\"error\"} 0.002",
                "eventbus_listener_wait_seconds_count{event=\"order.created\",listener=\"mailer#send\"} 1",
                "eventbus_listener_wait_seconds_sum{event=\"order.created\",listener=\"mailer#send\"} 0.001",
                "eventbus_listener_wait_seconds_max{event=\"order.created\",listener=\"mailer#send\"} 0.001",
                "eventbus_listeners 4.0", "eventbus_async_pending 1.0",
                "eventbus_async_rejections_total{action=\"caller-runs\",event=\"order.created\","
                        + "listener=\"mailer#send\"} 1.0",
                "eventbus_async_abandoned_total{event=\"order.created\",listener=\"mailer#send\"} 1.0");
        assertThat(samples.stream().map((sample) -> sample.split("[{ ]")[0]).distinct()).containsExactlyInAnyOrder(
                "eventbus_emits_total", "eventbus_listener_seconds_count", "eventbus_listener_seconds_sum",
                "eventbus_listener_seconds_max", "eventbus_listener_wait_seconds_count",
                "eventbus_listener_wait_seconds_sum", "eventbus_listener_wait_seconds_max", "eventbus_listeners",
                "eventbus_async_pending", "eventbus_async_rejections_total", "eventbus_async_abandoned_total");
    }
}
