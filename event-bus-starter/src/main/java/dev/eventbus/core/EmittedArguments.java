package dev.eventbus.core;

import org.jspecify.annotations.Nullable;

/**
 * How the emit path carries the emitted arguments without an object of its own: as {@code (single, all)}, where
 * {@code all == null} means exactly one argument, {@code single}, and otherwise {@code all} holds every argument.
 * An emit of one argument thus passes its varargs array to no one, which lets the JIT drop the array altogether.
 */
final class EmittedArguments {

    private EmittedArguments() {
    }

    static int count(@Nullable Object @Nullable [] all) {
        return (all != null) ? all.length : 1;
    }

    static @Nullable Object get(int index, @Nullable Object single, @Nullable Object @Nullable [] all) {
        if (all == null) {
            return (index == 0) ? single : null;
        }
        return (index >= 0 && index < all.length) ? all[index] : null;
    }

}
