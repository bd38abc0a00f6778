package dev.eventbus;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * The attempts of a listener that Spring Framework's {@code @Retryable} retried until it gave up. It is never
 * thrown: in a Spring Boot application the starter adds it as a <em>suppressed</em> exception to the failure that
 * the {@code @On} method threw last, which is what reaches the emitting caller (a sync listener) or the
 * {@code "error"} listeners (an async one). Its own suppressed exceptions are the earlier attempts' failures, so
 * a logged stack trace shows every attempt. Find it with {@link #of(Throwable)}.
 */
public class RetriesExhaustedException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final List<Throwable> failures;

    /**
     * Creates the record of a listener's attempts.
     * @param method the retried method's qualified name, {@code com.example.ClassName.methodName}
     * @param failures every attempt's failure, oldest first; the last one is the failure this is attached to
     * @throws IllegalArgumentException when {@code failures} is empty or holds {@code null}
     */
    public RetriesExhaustedException(String method, List<Throwable> failures) {
        super(message(method, failures));
        this.failures = List.copyOf(failures);
        Throwable last = this.failures.get(this.failures.size() - 1);
        Set<Throwable> added = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable earlier : this.failures.subList(0, this.failures.size() - 1)) {
            // a method may throw the same instance on every attempt; suppressing the last one would make a cycle
            if (earlier != last && added.add(earlier)) {
                addSuppressed(earlier);
            }
        }
    }

    private static String message(String method, List<Throwable> failures) {
        Assert.notEmpty(failures, () -> "The failures of listener method " + method + " must not be empty");
        Assert.noNullElements(failures, () -> "The failures of listener method " + method
                + " must not contain null, but were " + failures);
        return "Listener method " + method + " failed " + failures.size() + " attempts (1 call and "
                + (failures.size() - 1) + " retries); the last failure carries this, the earlier ones are "
                + "suppressed here";
    }

    /**
     * Finds the record of retries on a listener's failure: among the suppressed exceptions of the failure or of
     * its causes (a checked exception reaches the caller wrapped in a {@link ListenerInvocationException}).
     * @param failure the failure a caller caught or an {@code "error"} listener received
     * @return the record, or empty when the listener was not retried
     */
    public static Optional<RetriesExhaustedException> of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            for (Throwable suppressed : current.getSuppressed()) {
                if (suppressed instanceof RetriesExhaustedException retries) {
                    return Optional.of(retries);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * How many times the method was called.
     * @return the first call and every retry
     */
    public int getAttempts() {
        return this.failures.size();
    }

    /**
     * Every attempt's failure.
     * @return the failures, oldest first; the last one is the failure that propagated
     */
    public List<Throwable> getFailures() {
        return this.failures;
    }
}
