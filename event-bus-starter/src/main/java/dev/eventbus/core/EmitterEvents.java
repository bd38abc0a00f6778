package dev.eventbus.core;

/**
 * The events the emitter emits itself, tracked per registry version so that checking whether anyone listens to
 * them costs nothing on the emit, register and remove paths.
 */
final class EmitterEvents {

    static final String ERROR = "error";

    static final String NEW_LISTENER = "newListener";

    static final String REMOVE_LISTENER = "removeListener";

    private static final String[] NAMES = { ERROR, NEW_LISTENER, REMOVE_LISTENER };

    static final int ERROR_BIT = 1;

    static final int NEW_LISTENER_BIT = 1 << 1;

    static final int REMOVE_LISTENER_BIT = 1 << 2;

    private EmitterEvents() {
    }

    static int matchedBy(EventPattern pattern) {
        int bits = 0;
        for (int i = 0; i < NAMES.length; i++) {
            if (pattern.matches(NAMES[i])) {
                bits |= 1 << i;
            }
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
