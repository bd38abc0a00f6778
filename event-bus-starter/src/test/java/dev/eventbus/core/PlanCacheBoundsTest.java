package dev.eventbus.core;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan cache is bounded in bytes as well as entries, and names that no listener matches cannot take the room of
 * the plans that listeners need (docs/reliability.md, "Bounded memory").
 */
class PlanCacheBoundsTest {

    private static final Executor DIRECT = Runnable::run;

    private static final int LONG_NAME_LENGTH = 32 * 1024;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final DefaultEmitter emitter = new DefaultEmitter(DIRECT, 10,
            new MicrometerEmitterInstrumentation(this.meters, 100), new AnnotatedListenerScanner());

    @Test
    void fiveThousandLongNamesThatNobodyListensToDoNotKeepTheirText() {
        AtomicInteger orders = new AtomicInteger();
        this.emitter.on("order.created", (event) -> orders.incrementAndGet());
        String padding = "x".repeat(LONG_NAME_LENGTH);

        for (int i = 0; i < 5_000; i++) {
            assertThat(this.emitter.emit("probe." + i + "." + padding)).isFalse();
        }
        this.emitter.emit("order.created");

        RegistryState state = this.emitter.registryState();
        long keptCharacters = state.cachedNames().stream().mapToLong(String::length).sum();
        assertThat(keptCharacters).as("characters of the names the plan cache keeps (160 M were emitted)")
            .isLessThanOrEqualTo(RegistryState.MAX_UNMATCHED_PLAN_BYTES / 2 + 64);
        long[] use = state.cachedPlanUse();
        assertThat(use[2]).as("empty plans cached").isLessThanOrEqualTo(RegistryState.MAX_UNMATCHED_PLANS);
        assertThat(use[3]).as("bytes of their names").isLessThanOrEqualTo(RegistryState.MAX_UNMATCHED_PLAN_BYTES);
        assertThat(use[0]).as("the plan of order.created").isEqualTo(1);
        assertThat(this.emitter.cachedEventInstrumentBytes()).as("bytes of the names whose instruments are cached")
            .isLessThanOrEqualTo(RegistryState.MAX_CACHED_PLAN_BYTES);
        assertThat(orders).hasValue(1);
    }

    @Test
    void aNameLongerThanTheWholeBudgetIsPlannedEachTimeAndNeverCached() {
        String huge = "probe." + "x".repeat((int) RegistryState.MAX_CACHED_PLAN_BYTES);
        AtomicInteger calls = new AtomicInteger();
        this.emitter.on("probe.*", (event) -> calls.incrementAndGet());

        this.emitter.emit(huge);
        this.emitter.emit(huge);

        assertThat(calls).hasValue(2);
        assertThat(this.emitter.registryState().cachedNames()).isEmpty();
        assertThat(this.emitter.planOf(huge)).as("not remembered in the recent slots either")
            .isNotSameAs(this.emitter.planOf(huge));
    }

    @Test
    void attackerNamesAndRegistrationChangesDoNotEvictThePlanOfANameListenersMatch() {
        AtomicInteger orders = new AtomicInteger();
        this.emitter.on("order.created", (event) -> orders.incrementAndGet());
        for (int i = 0; i < 2 * RegistryState.MAX_CACHED_PLANS; i++) {
            this.emitter.emit("probe." + i);
        }
        // each change drops the plans it affects: order.* drops the plan of order.created, next() and once churn
        this.emitter.on("order.*", (event) -> orders.incrementAndGet());
        for (int round = 0; round < 20; round++) {
            this.emitter.next("order.shipped");
            this.emitter.once("audit." + round, (event) -> { });
            this.emitter.emit("audit." + round);
            this.emitter.emit("probe.late." + round);
        }

        this.emitter.emit("order.created");
        DispatchPlan first = this.emitter.planOf("order.created");
        this.emitter.emit("order.created");
        this.emitter.emit("probe.after");

        assertThat(this.emitter.planOf("order.created")).as("the plan an emit of order.created uses, cached")
            .isSameAs(first);
        String sameTextOtherInstance = new String("order.created".toCharArray());
        assertThat(this.emitter.planOf(sameTextOtherInstance)).as("found by its text too").isSameAs(first);
        assertThat(orders).hasValue(4);
    }

}
