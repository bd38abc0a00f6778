package dev.eventbus.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Proves that a metrics contender really records: a registry that silently measured nothing would make metrics look
 * free.
 */
final class RecordedMetrics {

    private RecordedMetrics() {
    }

    /**
     * Checks that the one emit made since the registry was created counted one emit and timed every listener.
     * @param registry the measured emitter's registry
     * @param listeners how many listeners the emit reached
     * @throws IllegalStateException when it did not
     */
    static void check(MeterRegistry registry, int listeners) {
        double emits = registry.find("eventbus.emits").tag("event", OrderPlaced.NAME).counters().stream()
            .mapToDouble((counter) -> counter.count())
            .sum();
        long timed = registry.find("eventbus.listener").tag("event", OrderPlaced.NAME).timers().stream()
            .mapToLong(Timer::count)
            .sum();
        if (emits != 1 || timed != listeners) {
            throw new IllegalStateException(registry.getClass().getSimpleName() + " recorded " + emits + " emits and "
                    + timed + " listener runs, expected 1 and " + listeners);
        }
    }

}
