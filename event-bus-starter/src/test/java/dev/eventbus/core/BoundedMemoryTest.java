package dev.eventbus.core;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded, measured by counting entries: unboundedly many event names fill the caches only up to their
 * bound, and subscribe/close cycles of every kind leave the registry, its caches and the meters as they were.
 */
class BoundedMemoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_EVENT_TAGS = 100;

    private static final int DISTINCT_NAMES = 100_000;

    private static final int CYCLES = 1_000_000;

    private final TrackingExecutor executor = new TrackingExecutor(1);

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void planCacheStaysWithinItsBoundWhenUnboundedlyManyDistinctNamesAreEmitted() {
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner());
        AtomicLong updates = new AtomicLong();
        AtomicLong everything = new AtomicLong();
        emitter.on("user.*.updated", (event) -> updates.incrementAndGet());
        emitter.on("**", (event) -> everything.incrementAndGet());

        for (int id = 0; id < DISTINCT_NAMES; id++) {
            emitter.emit("user." + id + ".updated", id);
        }

        assertThat(updates).as("every name past the bound is still delivered").hasValue(DISTINCT_NAMES);
        assertThat(everything).hasValue(DISTINCT_NAMES);
        EmitterFootprint footprint = emitter.footprint();
        assertThat(footprint.cachedPlans()).isEqualTo(RegistryState.MAX_CACHED_PLANS);
        assertThat(footprint.cachedEventInstruments()).as("nothing is resolved without instrumentation").isZero();
        assertThat(footprint.listenerInstruments()).isZero();
        assertThat(emitter.listenerCount("user.100001.updated")).isEqualTo(2);
    }

    @Test
    void instrumentCachesAndMetersStayBoundedWhenUnboundedlyManyDistinctNamesAreEmitted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 10,
                new MicrometerEmitterInstrumentation(registry, MAX_EVENT_TAGS), new AnnotatedListenerScanner());
        AtomicLong updates = new AtomicLong();
        emitter.on("user.*.updated", (event) -> updates.incrementAndGet());
        emitter.register(new AsyncAudit());
        int warmUp = 2 * MAX_EVENT_TAGS;
        for (int id = 0; id < warmUp; id++) {
            emitter.emit("user." + id + ".updated", id);
        }
        this.executor.awaitIdle(TIMEOUT);
        int metersPastTheTagLimit = registry.getMeters().size();

        for (int id = warmUp; id < DISTINCT_NAMES; id++) {
            emitter.emit("user." + id + ".updated", id);
        }
        this.executor.awaitIdle(TIMEOUT);

        assertThat(updates).hasValue(DISTINCT_NAMES);
        assertThat(registry.getMeters()).as("meters once the event tag limit is reached")
            .hasSize(metersPastTheTagLimit);
        assertThat(registry.getMeters().stream().map((meter) -> meter.getId().getTag("event")).distinct())
            .as("distinct event tags (null for the gauges)")
            .hasSizeLessThanOrEqualTo(MAX_EVENT_TAGS + 2);
        EmitterFootprint footprint = emitter.footprint();
        assertThat(footprint.cachedPlans()).isLessThanOrEqualTo(RegistryState.MAX_CACHED_PLANS);
        assertThat(footprint.cachedEventInstruments()).isLessThanOrEqualTo(RegistryState.MAX_CACHED_PLANS);
        assertThat(footprint.listenerInstruments()).as("per registration: one per event tag value")
            .isLessThanOrEqualTo(footprint.registrations() * (MAX_EVENT_TAGS + 1));
        assertThat(footprint.pendingAsync()).isZero();
        assertThat(this.executor.executed()).isEqualTo(DISTINCT_NAMES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Cycle.class)
    void subscribeCloseCyclesOfEachKindLeaveNothingBehind(Cycle cycle) {
        DefaultEmitter emitter = emitterWithStableListeners(EmitterInstrumentation.NONE);
        cycle.run(emitter, 0);
        EmitterFootprint before = settledFootprint(emitter);

        for (int i = 1; i <= 10_000; i++) {
            cycle.run(emitter, i);
        }

        assertThat(settledFootprint(emitter)).isEqualTo(before);
        assertThat(emitter.eventNames()).containsExactly("order.created", "**");
    }

    @Test
    void aMillionSubscribeCloseCyclesLeaveTheRegistryItsCachesAndTheMetersAsTheyStarted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DefaultEmitter emitter = emitterWithStableListeners(
                new MicrometerEmitterInstrumentation(registry, MAX_EVENT_TAGS));
        // names from data fill the per-name caches up to their bound instead, as tested above
        Cycle[] cycles = EnumSet.complementOf(EnumSet.of(Cycle.NAME_FROM_DATA)).toArray(Cycle[]::new);
        // one round first: the names the cycles emit get their instruments and meters once, as any name would
        for (int i = 0; i < cycles.length; i++) {
            cycles[i].run(emitter, i);
        }
        EmitterFootprint before = settledFootprint(emitter);
        int meters = registry.getMeters().size();
        long delivered = counted(registry);

        for (int i = cycles.length; i < CYCLES; i++) {
            cycles[i % cycles.length].run(emitter, i);
        }

        assertThat(settledFootprint(emitter)).isEqualTo(before);
        assertThat(emitter.eventNames()).containsExactly("order.created", "**");
        assertThat(emitter.statistics().registrations()).isEqualTo(2);
        assertThat(registry.getMeters()).hasSize(meters);
        assertThat(counted(registry)).as("the cycles really emitted").isGreaterThan(delivered + CYCLES / 2);
    }

    @Test
    void leakWarningsAreForgottenWhenANameLosesItsLastListener() {
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 1, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner());
        Listener listener = (event) -> {
        };
        int names = 1_000;

        try (LogCapture logs = LogCapture.eventBus().quiet()) {
            for (int id = 0; id < names; id++) {
                Subscription first = emitter.on("user." + id, listener);
                Subscription second = emitter.on("user." + id, listener);
                first.close();
                second.close();
            }
            assertThat(emitter.footprint().leakWarnings()).isZero();
            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).hasSize(names);

            // a name that stays crowded warns once; crowded again after emptying, it warns again, as in Node
            emitter.on("crowded", listener);
            emitter.on("crowded", listener);
            emitter.on("crowded", listener);
            assertThat(emitter.footprint().leakWarnings()).isEqualTo(1);
            emitter.removeAllListeners("crowded");
            emitter.on("crowded", listener);
            emitter.on("crowded", listener);
            assertThat(logs.messagesContaining(Level.WARN, "'crowded'")).hasSize(2);
        }
    }

    private DefaultEmitter emitterWithStableListeners(EmitterInstrumentation instrumentation) {
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, instrumentation, new AnnotatedListenerScanner());
        emitter.on("order.created", (event) -> {
        });
        emitter.on("**", (event) -> {
        });
        return emitter;
    }

    /**
     * The footprint once async work has finished and the plans of a fixed set of names are cached again: plans are
     * cached per registry version, so comparing two versions means warming the same names in both.
     */
    private EmitterFootprint settledFootprint(DefaultEmitter emitter) {
        this.executor.awaitIdle(TIMEOUT);
        emitter.emit("order.created");
        emitter.emit("order.shipped");
        return emitter.footprint();
    }

    private static long counted(SimpleMeterRegistry registry) {
        return (long) registry.find("eventbus.emits").counters().stream().mapToDouble((counter) -> counter.count())
            .sum();
    }

    /** One subscribe/close cycle of each kind the API offers; {@code i} varies the names some of them use. */
    enum Cycle {

        ON_THEN_CLOSE {
            @Override
            void run(DefaultEmitter emitter, int i) {
                Subscription subscription = emitter.on("cycle.on", NOOP);
                emitter.emit("cycle.on");
                subscription.close();
            }
        },

        ONCE_FIRED {
            @Override
            void run(DefaultEmitter emitter, int i) {
                emitter.once("cycle.once", NOOP);
                emitter.emit("cycle.once");
            }
        },

        PREPEND_THEN_OFF {
            @Override
            void run(DefaultEmitter emitter, int i) {
                emitter.prependListener("cycle.*", NOOP);
                emitter.emit("cycle.prepend");
                emitter.off("cycle.*", NOOP);
            }
        },

        PREPEND_ONCE_THEN_CLOSE {
            @Override
            void run(DefaultEmitter emitter, int i) {
                emitter.prependOnceListener("cycle.prepend.once", NOOP).close();
            }
        },

        REGISTER_BEAN_THEN_CLOSE {
            @Override
            void run(DefaultEmitter emitter, int i) {
                Subscription subscription = emitter.register(new CycleBean());
                emitter.emit("cycle.bean");
                subscription.close();
            }
        },

        REMOVE_ALL_OF_A_NAME {
            @Override
            void run(DefaultEmitter emitter, int i) {
                emitter.on("cycle.all", NOOP);
                emitter.on("cycle.all", NOOP);
                emitter.removeAllListeners("cycle.all");
            }
        },

        NEXT_COMPLETED {
            @Override
            void run(DefaultEmitter emitter, int i) {
                CompletableFuture<Event> next = emitter.next("cycle.next");
                emitter.emit("cycle.next", i);
                assertThat(next).isCompleted();
            }
        },

        NEXT_FAILED_BY_ERROR {
            @Override
            void run(DefaultEmitter emitter, int i) {
                CompletableFuture<Event> next = emitter.next("cycle.next");
                emitter.emit("error", FAILURE);
                assertThat(next).isCompletedExceptionally();
            }
        },

        NEXT_CANCELLED {
            @Override
            void run(DefaultEmitter emitter, int i) {
                emitter.next("cycle.next").cancel(false);
            }
        },

        NAME_FROM_DATA {
            @Override
            void run(DefaultEmitter emitter, int i) {
                Subscription subscription = emitter.on("user." + i + ".updated", NOOP);
                emitter.emit("user." + i + ".updated", i);
                subscription.close();
            }
        };

        private static final Listener NOOP = (event) -> {
        };

        private static final IllegalStateException FAILURE = new IllegalStateException("cycle failure");

        abstract void run(DefaultEmitter emitter, int i);
    }

    public static class CycleBean {

        @On({ "cycle.bean", "cycle.*" })
        public void handle() {
        }

        @On(value = "cycle.bean", once = true)
        public void once() {
        }

        @On(value = "cycle.bean", async = true)
        public void async() {
        }

    }

    public static class AsyncAudit {

        @On(value = "user.**", async = true)
        public void audit() {
        }

    }

}
