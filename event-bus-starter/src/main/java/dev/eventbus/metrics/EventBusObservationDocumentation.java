package dev.eventbus.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the event bus: one per emit and one per listener invocation, the invocation's observation a
 * child of its emit's (on the executor's thread too, for an async listener).
 * <p>
 * Their names are not those of the {@code eventbus.*} meters, so when Spring Boot's
 * {@code DefaultMeterObservationHandler} turns them into timers they never clash with {@code eventbus.emits},
 * {@code eventbus.listener} or {@code eventbus.listener.wait}.
 */
public enum EventBusObservationDocumentation implements ObservationDocumentation {

    /**
     * An {@code emit} or {@code emitAsync} call, from its start until its dispatch ends: every sync listener has
     * returned and every async one has been handed to the executor. Named {@code eventbus.emit} by default; its
     * error is what the emit throws.
     */
    EMIT {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultEmitObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return EmitKeyNames.values();
        }

    },

    /**
     * One run of one listener for one emit, from just before the listener is called until its work is finished:
     * its method returned, or the {@code CompletionStage} it returned completed. Named {@code eventbus.invocation}
     * by default; its error is the listener's failure.
     */
    INVOCATION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultInvocationObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return InvocationKeyNames.values();
        }

    };

    /**
     * Low-cardinality keys of {@link #EMIT}.
     */
    public enum EmitKeyNames implements KeyName {

        /**
         * The emitted name, or {@code other} past the limit of distinct names
         * ({@code eventbus.metrics.max-event-tags}).
         */
        EVENT {
            @Override
            public String asString() {
                return "event";
            }
        },

        /**
         * The call: {@code emit} or {@code emitAsync}.
         */
        METHOD {
            @Override
            public String asString() {
                return "method";
            }
        },

        /**
         * How the emit ended, once it has: {@code delivered}, {@code unhandled} (no listener matched) or
         * {@code failed} (a sync listener's failure propagated), as in {@code eventbus.emits}.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }

    }

    /**
     * Low-cardinality keys of {@link #INVOCATION}.
     */
    public enum InvocationKeyNames implements KeyName {

        /**
         * The emitted name (never the listener's pattern), or {@code other} past the limit of distinct names
         * ({@code eventbus.metrics.max-event-tags}).
         */
        EVENT {
            @Override
            public String asString() {
                return "event";
            }
        },

        /**
         * The listener id.
         */
        LISTENER {
            @Override
            public String asString() {
                return "listener";
            }
        },

        /**
         * {@code sync} (the listener runs on the emitting thread) or {@code async} (on the bus executor).
         */
        MODE {
            @Override
            public String asString() {
                return "mode";
            }
        },

        /**
         * How the invocation ended, once it has: {@code success} or {@code error}.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }

    }

}
