package dev.eventbus.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@link EventBusObservationDocumentation#INVOCATION invocation observations}.
 * Define a bean of this type to replace {@link DefaultInvocationObservationConvention}, or extend that class to add
 * key values.
 */
public interface InvocationObservationConvention extends ObservationConvention<InvocationObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof InvocationObservationContext;
    }

}
