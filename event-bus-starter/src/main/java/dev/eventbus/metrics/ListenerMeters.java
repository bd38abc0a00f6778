package dev.eventbus.metrics;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import dev.eventbus.ListenerInfo;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The timers of one (event, listener) pair, resolved when the dispatch plan is built so that recording a run is
 * one call on a timer held in a field.
 */
final class ListenerMeters implements ListenerInstruments {

    private static final String RUN_DESCRIPTION = "The time a listener took to handle an event, "
            + "until the CompletionStage it returned completed, if it returned one";

    private final MeterRegistry registry;

    private final Tags listenerTags;

    private final Timer successTimer;

    private final @Nullable Timer waitTimer;

    // failures are rare and their classes few: one timer per class, registered on the error path only
    private final ConcurrentMap<Class<? extends Throwable>, Timer> errorTimers = new ConcurrentHashMap<>();

    // registered with the other meters for the actions the overflow policy can take (the registry may be closed by
    // the time a shutdown refuses work); any other action the first time it happens
    private final ConcurrentMap<OverflowAction, Counter> rejectionCounters = new ConcurrentHashMap<>();

    // registered ahead, as the rejections: abandoning happens at shutdown, after Boot has closed the registry
    private final @Nullable Counter abandonedCounter;

    private final String eventTag;

    private final String listenerId;

    ListenerMeters(MeterRegistry registry, String eventTag, ListenerInfo listener, Set<OverflowAction> rejections) {
        this.registry = registry;
        this.eventTag = eventTag;
        this.listenerId = listener.id();
        this.listenerTags = Tags.of("event", eventTag, "listener", listener.id(), "mode",
                listener.async() ? "async" : "sync");
        this.successTimer = runTimer("success", "none");
        this.waitTimer = listener.async() ? Timer.builder(MicrometerEmitterInstrumentation.LISTENER_WAIT)
            .description("The time an async listener invocation waited between the emit and the start of its run")
            .tag("event", eventTag)
            .tag("listener", listener.id())
            .register(registry) : null;
        if (listener.async()) {
            for (OverflowAction action : rejections) {
                this.rejectionCounters.put(action, rejectionCounter(action));
            }
            this.abandonedCounter = abandonedCounter();
        }
        else {
            this.abandonedCounter = null;
        }
    }

    @Override
    public void succeeded(long nanos) {
        this.successTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(long nanos, Throwable error) {
        Class<? extends Throwable> type = unwrap(error).getClass();
        Timer timer = this.errorTimers.get(type);
        if (timer == null) {
            timer = this.errorTimers.computeIfAbsent(type, (key) -> runTimer("error", exceptionTag(key)));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void waited(long nanos) {
        // only async invocations wait; the engine does not call this for a sync listener
        Timer waitTimer = this.waitTimer;
        if (waitTimer != null) {
            waitTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void rejected(OverflowAction action) {
        this.rejectionCounters.computeIfAbsent(action, this::rejectionCounter).increment();
    }

    @Override
    public void abandoned() {
        Counter counter = this.abandonedCounter;
        (counter != null ? counter : abandonedCounter()).increment();
    }

    private Counter rejectionCounter(OverflowAction action) {
        return Counter.builder(MicrometerEmitterInstrumentation.ASYNC_REJECTIONS)
            .description("Async listener invocations the executor refused, by what the overflow policy did")
            .tag("event", this.eventTag)
            .tag("listener", this.listenerId)
            .tag("action", action.tag())
            .register(this.registry);
    }

    private Counter abandonedCounter() {
        return Counter.builder(MicrometerEmitterInstrumentation.ASYNC_ABANDONED)
            .description("Async listener invocations unfinished when the event bus shut down")
            .tag("event", this.eventTag)
            .tag("listener", this.listenerId)
            .register(this.registry);
    }

    private Timer runTimer(String outcome, String exception) {
        return Timer.builder(MicrometerEmitterInstrumentation.LISTENER)
            .description(RUN_DESCRIPTION)
            .tags(this.listenerTags)
            .tag("outcome", outcome)
            .tag("exception", exception)
            .register(this.registry);
    }

    /**
     * The failure the listener itself raised, without the wrappers added by the engine (a checked exception) or by
     * a {@code CompletionStage}.
     */
    private static Throwable unwrap(Throwable error) {
        Throwable failure = error;
        while ((failure instanceof ListenerInvocationException || failure instanceof CompletionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String exceptionTag(Class<?> type) {
        String name = type.getSimpleName();
        return name.isEmpty() ? type.getName() : name;
    }
}
