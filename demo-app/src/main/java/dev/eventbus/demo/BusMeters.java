package dev.eventbus.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bus's own {@code eventbus.*} meters as a dashboard would, so that the live page sees every emit without
 * a listener of its own: a listener on {@code **} would turn every unhandled emit into a delivered one, and would
 * keep an unhandled {@code "error"} from throwing.
 * <p>
 * Not thread-safe: one thread, the scheduler's, calls it.
 */
final class BusMeters {

    private static final List<String> EMIT_OUTCOMES = List.of("delivered", "unhandled", "failed");

    private final MeterRegistry registry;

    private final Clock clock;

    private final Map<Meter.Id, Double> emitsSeen = new HashMap<>();

    private final Map<Meter.Id, Double> emitsAtLastSample = new HashMap<>();

    private final Map<Meter.Id, TimerReading> timersAtLastSample = new HashMap<>();

    private long lastSampleNanos;

    BusMeters(MeterRegistry registry) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.lastSampleNanos = this.clock.monotonicTime();
    }

    /**
     * The emits counted since the previous call (since startup for the first), one entry per event name and outcome.
     * @return the new emits, by event name then outcome
     */
    List<EmitActivity> newEmits() {
        long at = this.clock.wallTime();
        List<Counter> counters = new ArrayList<>(this.registry.find("eventbus.emits").counters());
        counters.sort(Comparator.comparing((Counter counter) -> tag(counter, "event"))
            .thenComparing((counter) -> tag(counter, "outcome")));
        List<EmitActivity> emits = new ArrayList<>();
        for (Counter counter : counters) {
            double count = counter.count();
            Double before = this.emitsSeen.put(counter.getId(), count);
            long added = (long) (count - ((before != null) ? before : 0));
            if (added > 0) {
                emits.add(new EmitActivity(at, tag(counter, "event"), tag(counter, "outcome"), added));
            }
        }
        return emits;
    }

    /**
     * The rates and listener run times since the previous call (since this object was created for the first).
     * @return the sample
     */
    LiveSample sample() {
        long now = this.clock.monotonicTime();
        double seconds = Math.max(now - this.lastSampleNanos, 1) / 1e9;
        this.lastSampleNanos = now;

        Map<String, Double> emitsPerSecond = new LinkedHashMap<>();
        EMIT_OUTCOMES.forEach((outcome) -> emitsPerSecond.put(outcome, 0.0));
        for (Counter counter : this.registry.find("eventbus.emits").counters()) {
            double count = counter.count();
            Double before = this.emitsAtLastSample.put(counter.getId(), count);
            emitsPerSecond.merge(tag(counter, "outcome"), (count - ((before != null) ? before : 0)) / seconds,
                    Double::sum);
        }

        Map<String, TimerReading> runsByListener = new TreeMap<>();
        for (Timer timer : this.registry.find("eventbus.listener").timers()) {
            TimerReading reading = new TimerReading(timer.count(), timer.totalTime(TimeUnit.MILLISECONDS));
            TimerReading before = this.timersAtLastSample.put(timer.getId(), reading);
            runsByListener.merge(tag(timer, "listener"), reading.minus(before), TimerReading::plus);
        }
        Map<String, Double> meanLatencyMillis = new TreeMap<>();
        runsByListener.forEach((listener, runs) -> {
            if (runs.count() > 0) {
                meanLatencyMillis.put(listener, runs.totalMillis() / runs.count());
            }
        });

        return new LiveSample(this.clock.wallTime(), emitsPerSecond, meanLatencyMillis,
                gaugeValue("eventbus.listeners"), gaugeValue("eventbus.async.pending"));
    }

    private @Nullable Double gaugeValue(String name) {
        Gauge gauge = this.registry.find(name).gauge();
        return (gauge != null) ? gauge.value() : null;
    }

    private static String tag(Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return (value != null) ? value : "";
    }

    /**
     * A timer's count and total time at one moment.
     */
    private record TimerReading(long count, double totalMillis) {

        TimerReading minus(@Nullable TimerReading earlier) {
            return (earlier != null) ? new TimerReading(this.count - earlier.count, this.totalMillis - earlier.totalMillis)
                    : this;
        }

        TimerReading plus(TimerReading other) {
            return new TimerReading(this.count + other.count, this.totalMillis + other.totalMillis);
        }
    }

    /**
     * Emits of one name with one outcome, counted between two looks at the meters.
     *
     * @param at when they were seen, in epoch milliseconds
     * @param event the emitted name (or {@code other}, past {@code eventbus.metrics.max-event-tags})
     * @param outcome {@code delivered}, {@code unhandled} or {@code failed}
     * @param count how many
     */
    record EmitActivity(long at, String event, String outcome, long count) {
    }

    /**
     * What the bus did over the last interval, for the live charts.
     *
     * @param at the end of the interval, in epoch milliseconds
     * @param emitsPerSecond emits per second by outcome ({@code delivered}, {@code unhandled}, {@code failed})
     * @param meanLatencyMillis the mean run time of each listener that ran in the interval, in milliseconds
     * @param registrations the {@code eventbus.listeners} gauge
     * @param asyncPending the {@code eventbus.async.pending} gauge
     */
    record LiveSample(long at, Map<String, Double> emitsPerSecond, Map<String, Double> meanLatencyMillis,
            @Nullable Double registrations, @Nullable Double asyncPending) {
    }
}
