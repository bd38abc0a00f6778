package dev.eventbus.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the distinct values of the {@code event} tag (or key value), so that names built from unbounded data cannot
 * make the meter registry grow without limit.
 */
public final class EventTagLimiter {

    /** The tag value of the names past the limit, and of names too long to be a tag. */
    public static final String OTHER = "other";

    /** Names longer than this are recorded as {@value #OTHER}: no backend wants a tag value of that size. */
    static final int MAX_TAG_LENGTH = 256;

    private final Log logger;

    private final String recordedIn;

    private final int maxEventTags;

    private final ConcurrentMap<String, Boolean> admitted = new ConcurrentHashMap<>();

    private final AtomicInteger slotsTaken = new AtomicInteger();

    private final AtomicBoolean overflowReported = new AtomicBoolean();

    EventTagLimiter(int maxEventTags) {
        this(maxEventTags, "the eventbus.* meters", MicrometerEmitterInstrumentation.class);
    }

    /**
     * Creates a limiter whose one warning names where the tag is recorded.
     * @param maxEventTags the limit of distinct names
     * @param recordedIn what records the tag, for the warning ("the eventbus.* meters")
     * @param logCategory the category the warning is logged under
     */
    public EventTagLimiter(int maxEventTags, String recordedIn, Class<?> logCategory) {
        this.logger = LogFactory.getLog(logCategory);
        this.recordedIn = recordedIn;
        if (maxEventTags < 1) {
            throw new IllegalArgumentException(
                    "maxEventTags (eventbus.metrics.max-event-tags) must be at least 1, but was " + maxEventTags);
        }
        this.maxEventTags = maxEventTags;
    }

    /**
     * The value of the {@code event} tag for an emitted name: the name itself while fewer than the limit of
     * distinct names have been seen, {@value #OTHER} for every new name after that, and for every name longer than
     * {@value #MAX_TAG_LENGTH} characters.
     * @param event the emitted name
     * @return the tag value
     */
    public String tagFor(String event) {
        if (event.length() > MAX_TAG_LENGTH) {
            // text, not a name: it would pin its characters in the registry and the series of every backend
            return OTHER;
        }
        // computeIfAbsent runs the admission once per name, so a name racing with itself takes one slot
        if (this.admitted.computeIfAbsent(event, this::takeSlot) != null) {
            return event;
        }
        if (this.overflowReported.compareAndSet(false, true)) {
            this.logger.warn("Event '" + event + "' and every later new event name are recorded with the tag event=\""
                    + OTHER + "\" in " + this.recordedIn + ": the limit of " + this.maxEventTags
                    + " distinct event names is reached. Raise eventbus.metrics.max-event-tags if the event names "
                    + "are bounded; pass unbounded values (ids, keys) as event arguments rather than in the name.");
        }
        return OTHER;
    }

    private @Nullable Boolean takeSlot(String event) {
        int taken = this.slotsTaken.getAndUpdate((slots) -> (slots < this.maxEventTags) ? slots + 1 : slots);
        // null keeps the name out of the map, so a name past the limit is never admitted later
        return (taken < this.maxEventTags) ? Boolean.TRUE : null;
    }
}
