package dev.eventbus.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes event ids: time-ordered UUIDs (version 7: 48 bits of Unix milliseconds, then random bits), so that ids
 * written one after another land near each other in an index, and making one takes no lock and no entropy pool.
 */
final class EventIds {

    private EventIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

}
