package dev.eventbus.core;

import dev.eventbus.Emitter;

/**
 * The events the emitter emits itself (and the error monitors, which it calls when it emits {@code "error"}), tracked
 * per registry version so that checking whether anyone listens to them costs nothing on the emit, register and remove
 * paths.
 */
final class EmitterEvents {

    static final String ERROR = "error";

    static final String NEW_LISTENER = "newListener";

    static final String REMOVE_LISTENER = "removeListener";

    static final String ERROR_MONITOR = Emitter.ERROR_MONITOR;

    private static final String[] NAMES = { ERROR, NEW_LISTENER, REMOVE_LISTENER, ERROR_MONITOR };

    static final int ERROR_BIT = 1;

    static final int NEW_LISTENER_BIT = 1 << 1;

    static final int REMOVE_LISTENER_BIT = 1 << 2;

    /** Set for an error monitor: a pattern that reaches {@code "errorMonitor"} but not {@code "error"}. */
    static final int ERROR_MONITOR_BIT = 1 << 3;

    private EmitterEvents() {
    }

    static int matchedBy(EventPattern pattern) {
        int bits = 0;
        for (int i = 0; i < NAMES.length; i++) {
            if (pattern.matches(NAMES[i])) {
                bits |= 1 << i;
            }
        }
        if ((bits & ERROR_BIT) != 0) {
            // a pattern that reaches "error" too ("*", "**") handles it: it is an "error" listener, not a monitor
            bits &= ~ERROR_MONITOR_BIT;
        }
        return bits;
    }

    /**
     * Counts, per emitter event, the registrations whose pattern matches it.
     * @param counts the counts to update, indexed by bit position
     * @param bits the registration's {@link Registration#emitterEvents}
     * @param delta {@code 1} for an added registration, {@code -1} for a removed one
     */
    static void count(int[] counts, int bits, int delta) {
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                counts[i] += delta;
            }
        }
    }

    static int[] newCounts() {
        return new int[NAMES.length];
    }

    static boolean anyListens(int[] counts, int bit) {
        return counts[Integer.numberOfTrailingZeros(bit)] > 0;
    }
}
