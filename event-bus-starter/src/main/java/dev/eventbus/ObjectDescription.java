package dev.eventbus;

import org.jspecify.annotations.Nullable;

/**
 * Describes an application's object in an exception message without ever throwing: a {@code toString()} that throws
 * (a JPA entity outside its session, a proxy whose target is gone) must not replace the failure being reported. The
 * engine's messages and logs use its twin, {@code dev.eventbus.core.DefensiveText}, which the API package cannot see.
 */
final class ObjectDescription {

    private ObjectDescription() {
    }

    /**
     * The object's own description, or, when {@code toString()} throws, one naming its type and what was thrown.
     * @param value the object
     * @return {@code String.valueOf(value)}, or {@code <ClassName@identityHash: toString() threw ExceptionClassName>}
     */
    static String of(@Nullable Object value) {
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

}
