package dev.eventbus.benchmarks;

import dev.eventbus.Emitter;
import dev.eventbus.Listener;

/**
 * The registrations that share an emitter with the measured listeners in the pattern scenarios, so that finding the
 * listeners of a name has other names and patterns to look past, as in an application.
 */
final class PatternFixtures {

    /** Registrations for other names and patterns, none of which matches {@value OrderPlaced#NAME}. */
    static final int BACKGROUND = 100;

    private static final Listener NEVER_CALLED = (event) -> {
        throw new IllegalStateException("A background listener was called for " + event.name());
    };

    private PatternFixtures() {
    }

    /**
     * Adds {@value #BACKGROUND} registrations: half under exact names, half under patterns, none matching
     * {@value OrderPlaced#NAME}.
     * @param emitter the emitter
     * @return the emitter
     */
    static Emitter withBackground(Emitter emitter) {
        emitter.setMaxListeners(0);
        for (int i = 0; i < BACKGROUND; i++) {
            emitter.on((i % 2 == 0) ? "inventory.item" + i + ".reserved" : "shipment" + i + ".**", NEVER_CALLED);
        }
        return emitter;
    }

}
