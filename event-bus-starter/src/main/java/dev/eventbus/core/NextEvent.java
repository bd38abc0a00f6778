package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.Subscription;
import dev.eventbus.UnhandledErrorException;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The temporary listeners behind {@code next}: a once-listener whose condition is the filter, completing the future,
 * and a once-listener on {@code "error"} failing it; both removed however the future completes (an event, an error,
 * the timeout of the shared scheduler behind {@link CompletableFuture#orTimeout}, a cancel).
 */
final class NextEvent {

    private static final String ID = "next";

    private NextEvent() {
    }

    /**
     * Registers the listeners of {@code next(event, filter, timeout)}.
     * @param registry where they go
     * @param event the name or pattern, validated
     * @param filter which events complete the future
     * @param timeout how long to wait
     * @return the future
     * @throws IllegalArgumentException when the filter is {@code null} or the timeout {@code null}, zero or negative
     */
    static CompletableFuture<Event> await(ListenerRegistry registry, String event, Predicate<? super Event> filter,
            Duration timeout) {
        Assert.notNull(filter, () -> "Filter of next('" + event + "') must not be null");
        Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                () -> "Timeout of next('" + event + "') must be positive, but was " + timeout);
        long nanos;
        try {
            nanos = timeout.toNanos();
        }
        catch (ArithmeticException ex) {
            nanos = Long.MAX_VALUE;
        }
        return await(registry, event, filter, nanos);
    }

    /**
     * Registers the listeners of one {@code next} call.
     * @param registry where they go
     * @param event the name or pattern, validated
     * @param filter which events complete the future; {@code null} for every one
     * @param timeoutNanos how long to wait; {@code 0} for no limit
     * @return the future
     */
    static CompletableFuture<Event> await(ListenerRegistry registry, String event,
            @Nullable Predicate<? super Event> filter, long timeoutNanos) {
        CompletableFuture<Event> next = new CompletableFuture<>();
        Listener complete = next::complete;
        ListenerDefinition awaiting = (filter != null)
                ? ListenerDefinition.of(event, complete, guarded(filter, next))
                : ListenerDefinition.of(event, complete);
        List<Subscription> subscriptions = new ArrayList<>(2);
        subscriptions.add(registry.add(List.of(awaiting.withId(ID).firingOnce()), false));
        if (!EmitterEvents.ERROR.equals(event)) {
            Listener fail = (error) -> next.completeExceptionally(failureOf(error));
            subscriptions.add(registry.add(List.of(ListenerDefinition.of(EmitterEvents.ERROR, fail)
                .withId(ID)
                .firingOnce()), false));
        }
        // registered last, so that a completion that came first still removes both
        next.whenComplete((result, failure) -> subscriptions.forEach(Subscription::close));
        return (timeoutNanos > 0) ? next.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS) : next;
    }

    /** The filter as a condition: what it throws fails the future, not the emit. */
    private static Predicate<Event> guarded(Predicate<? super Event> filter, CompletableFuture<Event> next) {
        return (event) -> {
            try {
                return filter.test(event);
            }
            catch (RuntimeException ex) {
                next.completeExceptionally(ex);
                return false;
            }
        };
    }

    private static Throwable failureOf(Event error) {
        Object first = error.arg(0);
        return (first instanceof Throwable throwable) ? throwable : new UnhandledErrorException(first);
    }

}
