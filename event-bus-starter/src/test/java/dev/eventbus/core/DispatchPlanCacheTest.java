package dev.eventbus.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Subscription;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry change rebuilds only the dispatch plans it affects, and an emitter never sees another emitter's plans.
 */
class DispatchPlanCacheTest {

    private static final Executor DIRECT = Runnable::run;

    private final List<String> calls = new ArrayList<>();

    private final DefaultEmitter emitter = new DefaultEmitter(DIRECT, 10, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner());

    private Listener record(String name) {
        return (event) -> this.calls.add(name + ":" + event.name());
    }

    @Test
    void addingAListenerKeepsThePlansOfTheNamesItDoesNotMatch() {
        this.emitter.on("order.created", record("created"));
        this.emitter.on("invoice.*", record("invoice"));
        this.emitter.emit("order.created");
        this.emitter.emit("invoice.paid");

        this.emitter.on("order.*", record("order"));

        assertThat(this.emitter.cachedPlanCount()).as("invoice.paid kept, order.created rebuilt at its next emit")
            .isEqualTo(1);
        this.emitter.emit("order.created");
        this.emitter.emit("invoice.paid");
        assertThat(this.calls).containsExactly("created:order.created", "invoice:invoice.paid",
                "created:order.created", "order:order.created", "invoice:invoice.paid");
    }

    @Test
    void removingAListenerKeepsThePlansThatDoNotCallIt() {
        Subscription created = this.emitter.on("order.created", record("created"));
        this.emitter.on("invoice.*", record("invoice"));
        this.emitter.emit("order.created");
        this.emitter.emit("invoice.paid");

        created.close();

        assertThat(this.emitter.cachedPlanCount()).isEqualTo(1);
        assertThat(this.emitter.emit("order.created")).isFalse();
        this.emitter.emit("invoice.paid");
        assertThat(this.calls).containsExactly("created:order.created", "invoice:invoice.paid",
                "invoice:invoice.paid");
    }

    @Test
    void aOnceListenerFiringKeepsThePlansOfOtherNames() {
        this.emitter.on("invoice.paid", record("invoice"));
        this.emitter.emit("invoice.paid");
        this.emitter.once("order.created", record("once"));

        this.emitter.emit("order.created");
        this.emitter.emit("order.created");

        assertThat(this.emitter.cachedPlanCount()).as("invoice.paid's plan outlived both changes").isEqualTo(2);
        assertThat(this.calls).containsExactly("invoice:invoice.paid", "once:order.created");
    }

    @Test
    void aNameEmittedAsAnotherStringInstanceReachesTheSameListeners() {
        this.emitter.on("order.created", record("created"));
        String built = new StringBuilder("order.").append("created").toString();

        this.emitter.emit(built);
        this.emitter.emit("order.created");
        this.emitter.emit(built);

        assertThat(this.calls).containsExactly("created:order.created", "created:order.created",
                "created:order.created");
    }

    @Test
    void eachEmitterCountsItsOwnEmitsOfANameNobodyListensTo() {
        CountingInstrumentation first = new CountingInstrumentation();
        CountingInstrumentation second = new CountingInstrumentation();
        DefaultEmitter one = new DefaultEmitter(DIRECT, 10, first, new AnnotatedListenerScanner());
        DefaultEmitter other = new DefaultEmitter(DIRECT, 10, second, new AnnotatedListenerScanner());

        one.emit("nobody.listens");
        other.emit("nobody.listens");
        other.on("something.else", record("else"));
        other.emit("nobody.listens");

        assertThat(first.counts).containsExactly(Map.entry(EmitOutcome.UNHANDLED, 1));
        assertThat(second.counts).containsExactly(Map.entry(EmitOutcome.UNHANDLED, 2));
    }

    /** Counts emits by outcome, for every name. */
    private static final class CountingInstrumentation implements EmitterInstrumentation {

        private final Map<EmitOutcome, Integer> counts = new EnumMap<>(EmitOutcome.class);

        @Override
        public EventInstruments forEvent(String event) {
            return new EventInstruments() {

                @Override
                public void emitted(EmitOutcome outcome) {
                    CountingInstrumentation.this.counts.merge(outcome, 1, Integer::sum);
                }

                @Override
                public ListenerInstruments forListener(ListenerInfo listener) {
                    return ListenerInstruments.NONE;
                }
            };
        }
    }

}
