package dev.eventbus.jdbc;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A publication as an emit writes it: claimed by this instance when it will deliver it at once, else left to the
 * search of the log.
 *
 * @param key its key
 * @param eventName the event's name
 * @param origin the instance that emitted the event
 * @param args the event's arguments, as a JSON array
 * @param owner the instance that claims it, or {@code null}
 * @param leaseUntil when that claim expires, or {@code null}
 */
record NewPublication(PublicationKey key, String eventName, String origin, String args, @Nullable String owner,
        @Nullable OffsetDateTime leaseUntil) {
}
