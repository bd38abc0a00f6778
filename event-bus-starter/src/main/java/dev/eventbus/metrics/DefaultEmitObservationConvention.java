package dev.eventbus.metrics;

import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.metrics.EventBusObservationDocumentation.EmitKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link EmitObservationConvention}: observations named {@code eventbus.emit}, the contextual (span) name
 * {@code emit <event>}, and the low-cardinality keys {@code event}, {@code method} and, once the emit has ended,
 * {@code outcome} (see {@link EmitKeyNames}).
 * <p>
 * The {@code event} value is bounded: after {@code maxEventTags} distinct names, new names are observed as
 * {@code other}, with one WARN log. Instances are thread-safe; the limit is counted per instance.
 */
public class DefaultEmitObservationConvention implements EmitObservationConvention {

    /**
     * The default name of emit observations.
     */
    public static final String NAME = "eventbus.emit";

    private static final KeyValue METHOD_EMIT = EmitKeyNames.METHOD.withValue("emit");

    private static final KeyValue METHOD_EMIT_ASYNC = EmitKeyNames.METHOD.withValue("emitAsync");

    private static final KeyValue OUTCOME_DELIVERED = EmitKeyNames.OUTCOME.withValue("delivered");

    private static final KeyValue OUTCOME_UNHANDLED = EmitKeyNames.OUTCOME.withValue("unhandled");

    private static final KeyValue OUTCOME_FAILED = EmitKeyNames.OUTCOME.withValue("failed");

    private final EventTagLimiter eventTags;

    /**
     * Creates the convention with the default limit of 100 distinct event names.
     */
    public DefaultEmitObservationConvention() {
        this(MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS);
    }

    /**
     * Creates the convention.
     * @param maxEventTags how many distinct event names get their own {@code event} value (property
     * {@code eventbus.metrics.max-event-tags})
     * @throws IllegalArgumentException when {@code maxEventTags} is less than 1
     */
    public DefaultEmitObservationConvention(int maxEventTags) {
        this.eventTags = new EventTagLimiter(maxEventTags, "the " + NAME + " observations",
                DefaultEmitObservationConvention.class);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(EmitObservationContext context) {
        return "emit " + this.eventTags.tagFor(context.getEvent());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(EmitObservationContext context) {
        KeyValue event = EmitKeyNames.EVENT.withValue(this.eventTags.tagFor(context.getEvent()));
        KeyValue method = context.isAsync() ? METHOD_EMIT_ASYNC : METHOD_EMIT;
        KeyValue outcome = outcome(context.getOutcome());
        return (outcome != null) ? KeyValues.of(event, method, outcome) : KeyValues.of(event, method);
    }

    private static @Nullable KeyValue outcome(@Nullable EmitOutcome outcome) {
        if (outcome == null) {
            return null;
        }
        return switch (outcome) {
            case DELIVERED -> OUTCOME_DELIVERED;
            case UNHANDLED -> OUTCOME_UNHANDLED;
            case FAILED -> OUTCOME_FAILED;
        };
    }

}
