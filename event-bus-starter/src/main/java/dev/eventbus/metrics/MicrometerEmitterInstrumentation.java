package dev.eventbus.metrics;

import java.util.Set;

import dev.eventbus.core.AsyncOverflowPolicy;
import dev.eventbus.core.AsyncSettings;
import dev.eventbus.core.EmitterInstrumentation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.util.Assert;

/**
 * Records an emitter's work as Micrometer meters:
 * <ul>
 * <li>{@code eventbus.emits} (counter; tags {@code event}, {@code outcome} = {@code delivered}, {@code unhandled} or
 * {@code failed}): one per {@code emit} or {@code emitAsync} call;</li>
 * <li>{@code eventbus.listener} (timer; tags {@code event}, {@code listener}, {@code mode} = {@code sync} or
 * {@code async}, {@code outcome} = {@code success} or {@code error}, {@code exception}): a listener's run time, until
 * the {@code CompletionStage} it returned completed;</li>
 * <li>{@code eventbus.listener.wait} (timer; tags {@code event}, {@code listener}): how long an async invocation
 * waited between the emit and the start of its run;</li>
 * <li>{@code eventbus.listeners} (gauge): the registrations in place;</li>
 * <li>{@code eventbus.async.pending} (gauge): async invocations accepted and not yet finished;</li>
 * <li>{@code eventbus.async.rejections} (counter; tags {@code event}, {@code listener}, {@code action} =
 * {@code caller-runs}, {@code waited} or {@code failed}): async invocations the executor refused, by what the
 * overflow policy did;</li>
 * <li>{@code eventbus.async.abandoned} (counter; tags {@code event}, {@code listener}): async invocations unfinished
 * when the emitter's shutdown timeout ran out, or handed off once its shutdown had ended.</li>
 * </ul>
 * The {@code event} tag takes at most {@code maxEventTags} distinct values; later new names are recorded as
 * {@code other}, with one WARN log.
 * <p>
 * Meters are resolved when the emitter builds a dispatch plan, once per event name and per (event, listener);
 * recording looks nothing up and allocates nothing. The {@code eventbus.async.abandoned} counter of an async listener,
 * and its {@code eventbus.async.rejections} counters for the actions its overflow policy can take, are registered
 * with its other meters, at zero: Spring Boot closes the meter registry when the context closes, before the emitter
 * drains, and a closed registry registers nothing new. Instances are thread-safe. Bind one instance to one emitter,
 * and one emitter to a registry: a registry holds one gauge per name and tags, so the gauges of a second emitter
 * would be ignored.
 */
public final class MicrometerEmitterInstrumentation implements EmitterInstrumentation {

    /** The default limit of distinct {@code event} tag values (property {@code eventbus.metrics.max-event-tags}). */
    public static final int DEFAULT_MAX_EVENT_TAGS = 100;

    static final String EMITS = "eventbus.emits";

    static final String LISTENER = "eventbus.listener";

    static final String LISTENER_WAIT = "eventbus.listener.wait";

    static final String LISTENERS = "eventbus.listeners";

    static final String ASYNC_PENDING = "eventbus.async.pending";

    static final String ASYNC_REJECTIONS = "eventbus.async.rejections";

    static final String ASYNC_ABANDONED = "eventbus.async.abandoned";

    private final MeterRegistry registry;

    private final EventTagLimiter eventTags;

    /** What the emitter's overflow policy can count, registered ahead for each async listener. */
    private final Set<OverflowAction> rejections;

    /** Shared by every name past the limit, so that they resolve no meter of their own. */
    private final EventMeters overflow;

    /**
     * Creates the instrumentation.
     * @param registry where the meters are registered
     * @param maxEventTags how many distinct event names get their own {@code event} tag value (property
     * {@code eventbus.metrics.max-event-tags}, 100 by default)
     * @throws IllegalArgumentException when {@code maxEventTags} is less than 1
     */
    public MicrometerEmitterInstrumentation(MeterRegistry registry, int maxEventTags) {
        this(registry, maxEventTags, AsyncSettings.DEFAULTS.overflow());
    }

    /**
     * Creates the instrumentation for an emitter with a given overflow policy, whose rejection counters are then
     * registered ahead with each async listener's meters.
     * @param registry where the meters are registered
     * @param maxEventTags how many distinct event names get their own {@code event} tag value (property
     * {@code eventbus.metrics.max-event-tags}, 100 by default)
     * @param overflowPolicy the emitter's overflow policy (property {@code eventbus.async.overflow})
     * @throws IllegalArgumentException when {@code maxEventTags} is less than 1
     */
    public MicrometerEmitterInstrumentation(MeterRegistry registry, int maxEventTags,
            AsyncOverflowPolicy overflowPolicy) {
        Assert.notNull(registry, "'registry' must not be null");
        Assert.notNull(overflowPolicy, "'overflowPolicy' must not be null");
        this.registry = registry;
        this.eventTags = new EventTagLimiter(maxEventTags);
        this.rejections = OverflowAction.under(overflowPolicy);
        this.overflow = new EventMeters(registry, EventTagLimiter.OTHER, this.rejections);
    }

    /**
     * Registers the {@code eventbus.listeners} and {@code eventbus.async.pending} gauges. The registry keeps a
     * strong reference to {@code statistics}, so the gauges report for as long as the registry lives.
     * @param statistics the emitter's live figures
     */
    @Override
    public void bindTo(EmitterStatistics statistics) {
        Gauge.builder(LISTENERS, statistics, EmitterStatistics::registrations)
            .strongReference(true)
            .description("The listener registrations in place")
            .baseUnit("listeners")
            .register(this.registry);
        // no base unit: Prometheus would append it to the name (eventbus_async_pending_tasks)
        Gauge.builder(ASYNC_PENDING, statistics, EmitterStatistics::pendingAsync)
            .strongReference(true)
            .description("The async listener invocations accepted and not yet finished")
            .register(this.registry);
    }

    /**
     * Resolves the meters of one emitted name, under its {@code event} tag value ({@code other} past the limit).
     * @param event the emitted name
     * @return the meters of that name
     */
    @Override
    public EventInstruments forEvent(String event) {
        String tag = this.eventTags.tagFor(event);
        return EventTagLimiter.OTHER.equals(tag) ? this.overflow : new EventMeters(this.registry, tag, this.rejections);
    }
}
