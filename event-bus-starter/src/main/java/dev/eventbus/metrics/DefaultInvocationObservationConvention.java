package dev.eventbus.metrics;

import dev.eventbus.metrics.EventBusObservationDocumentation.InvocationKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link InvocationObservationConvention}: observations named {@code eventbus.invocation}, the contextual
 * (span) name {@code <listener id> on <event>}, and the low-cardinality keys {@code event}, {@code listener},
 * {@code mode} and, once the listener's work is finished, {@code outcome} (see {@link InvocationKeyNames}).
 * <p>
 * The {@code event} value is bounded: after {@code maxEventTags} distinct names, new names are observed as
 * {@code other}, with one WARN log. Instances are thread-safe; the limit is counted per instance.
 */
public class DefaultInvocationObservationConvention implements InvocationObservationConvention {

    /**
     * The default name of invocation observations.
     */
    public static final String NAME = "eventbus.invocation";

    private static final KeyValue MODE_SYNC = InvocationKeyNames.MODE.withValue("sync");

    private static final KeyValue MODE_ASYNC = InvocationKeyNames.MODE.withValue("async");

    private static final KeyValue OUTCOME_SUCCESS = InvocationKeyNames.OUTCOME.withValue("success");

    private static final KeyValue OUTCOME_ERROR = InvocationKeyNames.OUTCOME.withValue("error");

    private final EventTagLimiter eventTags;

    /**
     * Creates the convention with the default limit of 100 distinct event names.
     */
    public DefaultInvocationObservationConvention() {
        this(MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS);
    }

    /**
     * Creates the convention.
     * @param maxEventTags how many distinct event names get their own {@code event} value (property
     * {@code eventbus.metrics.max-event-tags})
     * @throws IllegalArgumentException when {@code maxEventTags} is less than 1
     */
    public DefaultInvocationObservationConvention(int maxEventTags) {
        this.eventTags = new EventTagLimiter(maxEventTags, "the " + NAME + " observations",
                DefaultInvocationObservationConvention.class);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(InvocationObservationContext context) {
        return context.getListener().id() + " on " + this.eventTags.tagFor(context.getEvent());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(InvocationObservationContext context) {
        KeyValue event = InvocationKeyNames.EVENT.withValue(this.eventTags.tagFor(context.getEvent()));
        KeyValue listener = InvocationKeyNames.LISTENER.withValue(context.getListener().id());
        KeyValue mode = context.getListener().async() ? MODE_ASYNC : MODE_SYNC;
        if (!context.isFinished()) {
            return KeyValues.of(event, listener, mode);
        }
        return KeyValues.of(event, listener, mode, (context.getError() != null) ? OUTCOME_ERROR : OUTCOME_SUCCESS);
    }

}
