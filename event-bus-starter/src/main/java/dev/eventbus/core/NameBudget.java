package dev.eventbus.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many names, and how many bytes of their text, a cache keyed by event name may hold: names built from unbounded
 * data (a request parameter, a 1 MB form field) must not pin their text, whatever their count or their length.
 * Claimed before an entry goes in and never given back within one cache: entries are only dropped with the whole
 * cache (a registry version), whose successor counts the entries it keeps afresh.
 */
final class NameBudget {

    /** What an entry costs besides its name's characters: the map's node, the key's String header, the plan's head. */
    static final int ENTRY_OVERHEAD = 128;

    private final int maxEntries;

    private final long maxBytes;

    /** Entries and bytes claimed, in one word so that both are claimed together: bytes in the low 40 bits. */
    private final AtomicLong claimed = new AtomicLong();

    NameBudget(int maxEntries, long maxBytes) {
        if (maxEntries < 0 || maxEntries > (1 << 22) || maxBytes < 0 || maxBytes >= (1L << 40)) {
            throw new IllegalArgumentException(
                    "A name budget takes 0 to 4194304 entries and 0 to 2^40 bytes, but was " + maxEntries
                            + " entries and " + maxBytes + " bytes");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * What a name costs an entry, counting two bytes per character whatever the String's coding: the bound holds
     * for any text.
     */
    static long bytesOf(String name) {
        return ENTRY_OVERHEAD + 2L * name.length();
    }

    /**
     * Claims room for one more entry.
     * @param name the entry's name
     * @return whether there was room; when not, nothing is claimed
     */
    boolean tryClaim(String name) {
        long bytes = bytesOf(name);
        if (bytes > this.maxBytes) {
            return false;
        }
        while (true) {
            long current = this.claimed.get();
            int entries = entries(current);
            long used = bytes(current);
            if (entries >= this.maxEntries || used + bytes > this.maxBytes) {
                return false;
            }
            if (this.claimed.compareAndSet(current, ((long) (entries + 1) << 40) | (used + bytes))) {
                return true;
            }
        }
    }

    /** Gives back the room of an entry claimed and then not put in (another thread put the same name first). */
    void release(String name) {
        long bytes = bytesOf(name);
        this.claimed.addAndGet(-((1L << 40) + bytes));
    }

    int entries() {
        return entries(this.claimed.get());
    }

    long bytes() {
        return bytes(this.claimed.get());
    }

    int maxEntries() {
        return this.maxEntries;
    }

    long maxBytes() {
        return this.maxBytes;
    }

    private static int entries(long claimed) {
        return (int) (claimed >>> 40);
    }

    private static long bytes(long claimed) {
        return claimed & ((1L << 40) - 1);
    }

}
