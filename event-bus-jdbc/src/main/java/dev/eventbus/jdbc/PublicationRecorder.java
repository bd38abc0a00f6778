package dev.eventbus.jdbc;

/**
 * Told the outcome of each attempt to deliver a publication: what the meters count.
 */
interface PublicationRecorder {

    /** Does not record anything. */
    PublicationRecorder NONE = (listenerId, outcome) -> {
    };

    void attempted(String listenerId, Outcome outcome);

    /** How an attempt ended. */
    enum Outcome {

        /** The listener succeeded: the publication is completed. */
        SUCCESS,

        /** The listener failed and the publication will be attempted again. */
        RETRY,

        /** The listener failed its last attempt: the publication is failed. */
        FAILED,

        /** The publication could not be attempted (unreadable arguments, unknown listener): it is failed. */
        REJECTED;

        /** The value of the {@code outcome} tag. */
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

    }

}
