package dev.eventbus.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@link EventBusObservationDocumentation#EMIT emit observations}. Define a bean
 * of this type to replace {@link DefaultEmitObservationConvention}, or extend that class to add key values.
 */
public interface EmitObservationConvention extends ObservationConvention<EmitObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof EmitObservationContext;
    }

}
