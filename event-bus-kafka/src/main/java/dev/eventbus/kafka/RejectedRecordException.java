package dev.eventbus.kafka;

/**
 * A record that is not one of our events, or not one this instance may read: malformed, forged, oversized, or with
 * arguments that do not bind to the listener's parameter types. It is never retried: it goes to the dead-letter
 * topic at once, with this message in its headers.
 */
public class RejectedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * Creates a rejection.
     * @param reason a short tag for the meter ({@code malformed}, {@code forged}, {@code oversized}, {@code unbound})
     * @param message what is wrong, naming the offending value
     */
    public RejectedRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates a rejection with its cause.
     * @param reason a short tag for the meter
     * @param message what is wrong
     * @param cause the cause
     */
    public RejectedRecordException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * The short tag of the rejection, as the {@code reason} tag of {@code eventbus.kafka.dead.lettered}.
     * @return the reason
     */
    public String reason() {
        return this.reason;
    }

}
