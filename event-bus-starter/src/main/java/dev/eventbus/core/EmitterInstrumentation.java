package dev.eventbus.core;

import java.util.EnumSet;
import java.util.Set;

import dev.eventbus.ListenerInfo;

/**
 * The engine's measuring hook, so that the engine knows no metrics library: an implementation resolves its
 * instruments once per event name and per (event, listener) when a dispatch plan is built, never on the emit path.
 */
public interface EmitterInstrumentation {

    /**
     * Records nothing; the engine skips all timing when this is in place.
     */
    EmitterInstrumentation NONE = new EmitterInstrumentation() {

        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public EventInstruments forEvent(String event) {
            return EventInstruments.NONE;
        }
    };

    /**
     * Whether anything is recorded; when {@code false} the engine reads no clock.
     * @return whether this instrumentation records
     */
    default boolean isEnabled() {
        return true;
    }

    /**
     * Called once when the emitter is created, to expose its live figures (for gauges).
     * @param statistics the emitter's live figures
     */
    default void bindTo(EmitterStatistics statistics) {
    }

    /**
     * Resolves the instruments for one emitted name. Called when a dispatch plan for that name is built.
     * @param event the emitted name
     * @return the instruments for that name
     */
    EventInstruments forEvent(String event);

    /**
     * The instruments of one emitted name.
     */
    interface EventInstruments {

        /**
         * Records nothing.
         */
        EventInstruments NONE = new EventInstruments() {

            @Override
            public void emitted(EmitOutcome outcome) {
            }

            @Override
            public ListenerInstruments forListener(ListenerInfo listener) {
                return ListenerInstruments.NONE;
            }
        };

        /**
         * Counts one emit of this name.
         * @param outcome how it ended
         */
        void emitted(EmitOutcome outcome);

        /**
         * Resolves the instruments of one listener for this name.
         * @param listener the listener
         * @return its instruments
         */
        ListenerInstruments forListener(ListenerInfo listener);
    }

    /**
     * The instruments of one (event, listener) pair.
     */
    interface ListenerInstruments {

        /**
         * Records nothing.
         */
        ListenerInstruments NONE = new ListenerInstruments() {

            @Override
            public void succeeded(long nanos) {
            }

            @Override
            public void failed(long nanos, Throwable error) {
            }

            @Override
            public void waited(long nanos) {
            }
        };

        /**
         * Records a run that ended normally.
         * @param nanos the run time (until a returned stage completed)
         */
        void succeeded(long nanos);

        /**
         * Records a run that failed.
         * @param nanos the run time (until a returned stage completed)
         * @param error the failure
         */
        void failed(long nanos, Throwable error);

        /**
         * Records how long an async invocation waited between the emit and the start of its run.
         * @param nanos the wait
         */
        void waited(long nanos);

        /**
         * Counts an async invocation the executor refused, and what the overflow policy did about it. Called on the
         * rare overflow path only.
         * @param action what happened to the invocation
         */
        default void rejected(OverflowAction action) {
        }

        /**
         * Counts an async invocation that had not finished when the emitter's shutdown timeout ran out. Called on
         * the shutdown path only.
         */
        default void abandoned() {
        }
    }

    /**
     * What became of an async invocation the executor refused, as counted by {@code eventbus.async.rejections}.
     */
    enum OverflowAction {

        /** The emitting thread ran it (policy caller-runs). */
        CALLER_RUNS("caller-runs"),

        /** The emitting thread waited for room, then handed it off (policy block). */
        WAITED("waited"),

        /** The emit failed with an {@code AsyncOverflowException} (policy fail, or block past its timeout). */
        FAILED("failed");

        private final String tag;

        OverflowAction(String tag) {
            this.tag = tag;
        }

        /**
         * What can become of a refused invocation under a policy, so that an instrumentation can create its counters
         * before they are needed (a meter registry may be closed by the time a shutdown refuses or abandons work).
         * @param policy the overflow policy
         * @return the actions it may count
         */
        public static Set<OverflowAction> under(AsyncOverflowPolicy policy) {
            return switch (policy) {
                case CALLER_RUNS -> EnumSet.of(CALLER_RUNS);
                case BLOCK -> EnumSet.of(WAITED, FAILED);
                case FAIL -> EnumSet.of(FAILED);
            };
        }

        /**
         * The value of the {@code action} tag.
         * @return the tag value
         */
        public String tag() {
            return this.tag;
        }
    }

    /**
     * How one emit ended, as counted by {@code eventbus.emits}.
     */
    enum EmitOutcome {

        /** At least one listener matched and no sync failure propagated. */
        DELIVERED,

        /** No listener matched. */
        UNHANDLED,

        /** A sync listener's failure propagated out of the emit. */
        FAILED
    }

    /**
     * Live figures of an emitter, read by gauges.
     */
    interface EmitterStatistics {

        /**
         * The registrations in place now.
         * @return the count
         */
        int registrations();

        /**
         * Async invocations accepted and not yet finished.
         * @return the count
         */
        int pendingAsync();
    }
}
