package dev.eventbus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Finds the bus's meters in a registry by the tags API.md documents, failing the test when one is missing.
 */
final class RecordedMeters {

    private final MeterRegistry registry;

    RecordedMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter emits(String event, String outcome) {
        return this.registry.get("eventbus.emits").tag("event", event).tag("outcome", outcome).counter();
    }

    Timer listenerTimer(String event, String listener, String mode, String outcome, String exception) {
        return this.registry.get("eventbus.listener")
            .tag("event", event)
            .tag("listener", listener)
            .tag("mode", mode)
            .tag("outcome", outcome)
            .tag("exception", exception)
            .timer();
    }
}
