package dev.eventbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link Emitter#next(String, Predicate, Duration)} for any emitter, on its public methods alone: two temporary
 * listeners, removed when the future completes, and the shared scheduler of {@link CompletableFuture#orTimeout}.
 */
final class NextMatchingEvent {

    private NextMatchingEvent() {
    }

    static CompletableFuture<Event> await(Emitter emitter, String event, Predicate<? super Event> filter,
            Duration timeout) {
        long nanos = validTimeoutNanos(event, filter, timeout);
        CompletableFuture<Event> next = new CompletableFuture<>();
        List<Subscription> subscriptions = new ArrayList<>(2);
        subscriptions.add(emitter.on(event, (candidate) -> {
            try {
                if (filter.test(candidate)) {
                    next.complete(candidate);
                }
            }
            catch (RuntimeException ex) {
                next.completeExceptionally(ex);
            }
        }));
        if (!"error".equals(event)) {
            subscriptions.add(emitter.on("error",
                    (error) -> next.completeExceptionally(UnhandledErrorException.failureOf(error.arg(0)))));
        }
        // registered last, so that a completion that came first still removes both
        next.whenComplete((result, failure) -> subscriptions.forEach(Subscription::close));
        return next.orTimeout(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Checks the arguments of {@code next(event, filter, timeout)}.
     * @return the timeout in nanoseconds, saturated
     */
    static long validTimeoutNanos(String event, Predicate<? super Event> filter, Duration timeout) {
        if (filter == null) {
            throw new IllegalArgumentException("Filter of next('" + event + "') must not be null");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Timeout of next('" + event + "') must be positive, but was "
                    + timeout);
        }
        try {
            return timeout.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

}
