package dev.eventbus.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one emitted name, kept by the emitter's dispatch plan so that counting an emit is one increment.
 */
final class EventMeters implements EventInstruments {

    private static final EmitOutcome[] OUTCOMES = EmitOutcome.values();

    private final MeterRegistry registry;

    private final String eventTag;

    private final Set<OverflowAction> rejections;

    // registered at the first emit with each outcome, so a name that never fails shows no failed series
    private final AtomicReferenceArray<@Nullable Counter> emits = new AtomicReferenceArray<>(OUTCOMES.length);

    EventMeters(MeterRegistry registry, String eventTag, Set<OverflowAction> rejections) {
        this.registry = registry;
        this.eventTag = eventTag;
        this.rejections = rejections;
    }

    @Override
    public void emitted(EmitOutcome outcome) {
        Counter counter = this.emits.get(outcome.ordinal());
        if (counter == null) {
            // a racing thread registers the same counter: the registry holds one meter per name and tags
            counter = register(outcome);
            this.emits.set(outcome.ordinal(), counter);
        }
        counter.increment();
    }

    @Override
    public ListenerInstruments forListener(ListenerInfo listener) {
        return new ListenerMeters(this.registry, this.eventTag, listener, this.rejections);
    }

    private Counter register(EmitOutcome outcome) {
        return Counter.builder(MicrometerEmitterInstrumentation.EMITS)
            .description("The emits of an event, by how they ended")
            .tag("event", this.eventTag)
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .register(this.registry);
    }
}
