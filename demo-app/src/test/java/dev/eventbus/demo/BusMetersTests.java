package dev.eventbus.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.demo.BusMeters.EmitActivity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link BusMeters} on the meters of a real bus, with a mock clock for the rates.
 */
class BusMetersTests {

    private final MockClock clock = new MockClock();

    private final MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

    private final Emitter emitter = Emitter.builder().meterRegistry(this.registry).build();

    private final BusMeters meters = new BusMeters(this.registry);

    @Test
    void newEmitsReportsEachNameAndOutcomeWithTheCountSinceTheLastLook() {
        this.emitter.on("order.placed", (event) -> {
        });
        this.emitter.emit("order.placed");
        this.emitter.emit("order.placed");
        this.emitter.emit("invoice.paid");

        assertThat(this.meters.newEmits()).extracting(EmitActivity::event, EmitActivity::outcome, EmitActivity::count)
            .containsExactly(tuple("invoice.paid", "unhandled", 1L), tuple("order.placed", "delivered", 2L));
        assertThat(this.meters.newEmits()).as("nothing new").isEmpty();

        this.emitter.emit("order.placed");

        assertThat(this.meters.newEmits()).extracting(EmitActivity::event, EmitActivity::outcome, EmitActivity::count)
            .containsExactly(tuple("order.placed", "delivered", 1L));
    }

    @Test
    void newEmitsReportsAFailedEmitAsFailedAndStampsTheWallClock() {
        this.emitter.on("order.placed", (event) -> {
            throw new IllegalStateException("out of stock");
        });
        assertThatIllegalStateException().isThrownBy(() -> this.emitter.emit("order.placed"));
        this.clock.add(Duration.ofSeconds(5));

        assertThat(this.meters.newEmits()).singleElement().satisfies((emit) -> {
            assertThat(emit.outcome()).isEqualTo("failed");
            assertThat(emit.at()).isEqualTo(this.clock.wallTime());
        });
    }

    @Test
    void sampleGivesEmitsPerSecondByOutcomeOverTheIntervalSinceTheLastSample() {
        this.emitter.on("order.placed", (event) -> {
        });
        for (int i = 0; i < 4; i++) {
            this.emitter.emit("order.placed");
        }
        this.emitter.emit("invoice.paid");
        this.emitter.emit("invoice.paid");
        this.clock.add(Duration.ofSeconds(2));

        assertThat(this.meters.sample().emitsPerSecond()).containsExactly(entry("delivered", 2.0),
                entry("unhandled", 1.0), entry("failed", 0.0));

        this.clock.add(Duration.ofSeconds(1));
        assertThat(this.meters.sample().emitsPerSecond()).as("none since the last sample")
            .containsOnly(entry("delivered", 0.0), entry("unhandled", 0.0), entry("failed", 0.0));
    }

    @Test
    void sampleGivesTheRunTimeOfTheListenersThatRanInTheIntervalOnly() {
        this.emitter.register(new Shop());
        this.emitter.emit("order.placed");
        this.emitter.emit("order.cancelled");
        this.clock.add(Duration.ofSeconds(1));

        assertThat(this.meters.sample().meanLatencyMillis()).containsOnlyKeys("Shop#placed", "Shop#cancelled")
            .allSatisfy((listener, millis) -> assertThat(millis).isPositive());

        this.emitter.emit("order.placed");
        this.clock.add(Duration.ofSeconds(1));
        assertThat(this.meters.sample().meanLatencyMillis()).containsOnlyKeys("Shop#placed");

        this.clock.add(Duration.ofSeconds(1));
        assertThat(this.meters.sample().meanLatencyMillis()).isEmpty();
    }

    @Test
    void sampleAveragesEachListenerOverItsEventsAndOutcomesWithinTheInterval() {
        Timer succeeded = listenerTimer("order.placed", "success");
        Timer failed = listenerTimer("order.paid", "error");
        succeeded.record(10, TimeUnit.MILLISECONDS);
        succeeded.record(20, TimeUnit.MILLISECONDS);
        failed.record(60, TimeUnit.MILLISECONDS);
        assertThat(this.meters.sample().meanLatencyMillis()).containsExactly(entry("mailer#send", 30.0));

        failed.record(5, TimeUnit.MILLISECONDS);
        assertThat(this.meters.sample().meanLatencyMillis()).as("only the run since the last sample")
            .containsExactly(entry("mailer#send", 5.0));
    }

    @Test
    void sampleReadsTheRegistrationAndPendingGauges() {
        this.emitter.on("a", (event) -> {
        });
        this.emitter.on("b", (event) -> {
        });

        BusMeters.LiveSample sample = this.meters.sample();

        assertThat(sample.registrations()).isEqualTo(2.0);
        assertThat(sample.asyncPending()).isEqualTo(0.0);
        assertThat(new BusMeters(new SimpleMeterRegistry()).sample().registrations()).as("no bus, no gauge").isNull();
    }

    private Timer listenerTimer(String event, String outcome) {
        return Timer.builder("eventbus.listener")
            .tags("event", event, "listener", "mailer#send", "mode", "async", "outcome", outcome, "exception", "none")
            .register(this.registry);
    }

    private static Map.Entry<String, Double> entry(String key, double value) {
        return Map.entry(key, value);
    }

    /**
     * Two listeners with ids of their own.
     */
    static class Shop {

        @On("order.placed")
        void placed() {
        }

        @On("order.cancelled")
        void cancelled() {
        }
    }
}
