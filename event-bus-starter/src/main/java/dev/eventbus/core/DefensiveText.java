package dev.eventbus.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.eventbus.ListenerFailure;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Renders an application's objects (arguments, failures, listener results) into the engine's messages and logs
 * without ever throwing: a {@code toString()} or {@code getMessage()} that throws (a JPA entity outside its session)
 * must not replace the failure being reported, nor escape to an executor's thread. The API package's exceptions use
 * its twin, {@code dev.eventbus.ObjectDescription}, as this package is out of their reach.
 */
final class DefensiveText {

    /** How deep a failure's causes and suppressed failures are checked and stood in for. */
    private static final int MAX_DEPTH = 16;

    private DefensiveText() {
    }

    /**
     * The object's own description, or, when {@code toString()} throws, one naming its type and what was thrown.
     * @param value the object
     * @return {@code String.valueOf(value)}, or {@code <ClassName@identityHash: toString() threw ExceptionClassName>}
     */
    static String of(@Nullable Object value) {
        if (value instanceof ListenerFailure failure) {
            // a record's toString() would render the arguments without care
            return "ListenerFailure[event=" + failure.event() + ", listenerId=" + failure.listenerId() + ", args="
                    + ofAll(failure.args()) + "]";
        }
        if (value == null) {
            return "null";
        }
        try {
            return String.valueOf(value.toString());
        }
        catch (Exception | LinkageError | StackOverflowError ex) {
            return "<" + value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value))
                    + ": toString() threw " + ex.getClass().getName() + ">";
        }
    }

    /**
     * A list rendered as {@link java.util.AbstractCollection#toString()} does, each element by {@link #of}.
     * @param values the values
     * @return {@code [first, second]}
     */
    static String ofAll(List<?> values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(of(values.get(i)));
        }
        return text.append(']').toString();
    }

    /**
     * A failure's message, or, when {@code getMessage()} throws, a description naming its type and what was thrown.
     * @param failure the failure
     * @return its message (possibly {@code null}), or {@code <ClassName: getMessage() threw ExceptionClassName>}
     */
    static @Nullable String messageOf(Throwable failure) {
        try {
            return failure.getMessage();
        }
        catch (Exception | LinkageError | StackOverflowError ex) {
            return "<" + failure.getClass().getName() + ": getMessage() threw " + ex.getClass().getName() + ">";
        }
    }

    /**
     * Logs at ERROR, with the failure's stack trace. A failure that a logging framework cannot render (its, or a
     * cause's, {@code getMessage()} or {@code toString()} throws) is logged through a stand-in that names its type
     * and carries its stack trace; a logging framework that throws anyway gets the message alone.
     * @param log the log
     * @param message the message, built with {@link #of} where it quotes an application's object
     * @param failure the failure
     */
    static void logError(Log log, String message, Throwable failure) {
        Throwable loggable = renders(failure, newIdentitySet(), 0) ? failure : standIn(failure, newIdentitySet(), 0);
        try {
            log.error(message, loggable);
        }
        catch (Exception | LinkageError | StackOverflowError ex) {
            log.error(message + " (its failure, a " + failure.getClass().getName()
                    + ", could not be logged: the logging framework threw " + ex.getClass().getName() + ")");
        }
    }

    private static Set<Throwable> newIdentitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static boolean renders(Throwable failure, Set<Throwable> seen, int depth) {
        if (depth > MAX_DEPTH || !seen.add(failure)) {
            return true;
        }
        try {
            failure.getMessage();
            failure.getLocalizedMessage();
            failure.toString();
        }
        catch (Exception | LinkageError | StackOverflowError ex) {
            return false;
        }
        Throwable cause = failure.getCause();
        if (cause != null && !renders(cause, seen, depth + 1)) {
            return false;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (!renders(suppressed, seen, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static Throwable standIn(Throwable failure, Set<Throwable> seen, int depth) {
        seen.add(failure);
        String description;
        try {
            description = failure.toString();
        }
        catch (Exception | LinkageError | StackOverflowError ex) {
            description = failure.getClass().getName() + ": " + messageOf(failure) + " <toString() threw "
                    + ex.getClass().getName() + ">";
        }
        Throwable cause = failure.getCause();
        Throwable standIn = new UnrenderableFailure(description,
                (cause != null && depth < MAX_DEPTH && !seen.contains(cause)) ? standIn(cause, seen, depth + 1)
                        : null);
        standIn.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            if (depth < MAX_DEPTH && !seen.contains(suppressed)) {
                standIn.addSuppressed(standIn(suppressed, seen, depth + 1));
            }
        }
        return standIn;
    }

    /** Stands in, in a log, for a failure whose own text cannot be rendered; its message names the failure. */
    static final class UnrenderableFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnrenderableFailure(String description, @Nullable Throwable cause) {
            super(description, cause, true, true);
        }

    }

}
