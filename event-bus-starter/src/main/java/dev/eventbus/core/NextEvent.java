package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
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
        Predicate<Event> accepted = (filter != null) ? guarded(filter, next) : null;
        if (!EventPattern.parse(event).isLiteral()) {
            Predicate<Event> real = NextEvent::isNoAnnouncementOfNext;
            accepted = (accepted != null) ? real.and(accepted) : real;
        }
        ListenerDefinition awaiting = (accepted != null) ? ListenerDefinition.of(event, complete, accepted)
                : ListenerDefinition.of(event, complete);
        List<ListenerDefinition> definitions = new ArrayList<>(2);
        definitions.add(awaiting.withId(ID).firingOnce());
        if (!EmitterEvents.ERROR.equals(event)) {
            Listener fail = (error) -> next.completeExceptionally(failureOf(error));
            definitions.add(ListenerDefinition.of(EmitterEvents.ERROR, fail).withId(ID).firingOnce());
        }
        // registered together, so that each is announced before either is in place: a pattern such as '*' does not
        // take the announcement of its own "error" listener for the event it waits for
        Subscription subscription = registry.add(definitions, false);
        // registered last, so that a completion that came first still removes both
        next.whenComplete((result, failure) -> subscription.close());
        return (timeoutNanos > 0) ? next.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS) : next;
    }

    /**
     * Whether an event is something other than the emitter announcing a registration or removal of a {@code next}
     * listener (its own or another call's): those are the bus's bookkeeping, never the event a pattern waits for.
     */
    private static boolean isNoAnnouncementOfNext(Event event) {
        String name = event.name();
        if (!EmitterEvents.NEW_LISTENER.equals(name) && !EmitterEvents.REMOVE_LISTENER.equals(name)) {
            return true;
        }
        return !(event.args().size() > 1 && event.arg(1) instanceof ListenerInfo info && ID.equals(info.id()));
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
