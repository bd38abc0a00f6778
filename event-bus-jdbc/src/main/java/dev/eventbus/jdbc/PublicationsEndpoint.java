package dev.eventbus.jdbc;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventbuspublications} actuator endpoint: the publications of the durable delivery log counted by status
 * and by listener, how long the oldest owed one has waited, and the failed ones; its write operation retries or
 * discards a failed publication.
 */
@Endpoint(id = "eventbuspublications")
public class PublicationsEndpoint {

    /** How many failed publications the read operation lists, oldest first. */
    static final int FAILED_LISTED = 100;

    private final PublicationQueries queries;

    PublicationsEndpoint(PublicationQueries queries) {
        this.queries = queries;
    }

    /**
     * Reads the log.
     * @return the counts, the oldest owed age and the oldest failed publications
     */
    @ReadOperation
    public PublicationsDescriptor publications() {
        Map<String, Map<String, Long>> byListener = this.queries.countsByListener();
        java.time.Duration oldest = this.queries.oldestOwedAge();
        List<FailedPublicationDescriptor> failed = this.queries.failed(FAILED_LISTED)
            .stream()
            .map((row) -> new FailedPublicationDescriptor(row.eventId(), row.listenerId(), row.event(),
                    row.attempts(), row.lastError(), row.createdAt()))
            .toList();
        return new PublicationsDescriptor(PublicationQueries.byStatus(byListener), byListener,
                (oldest != null) ? oldest.toMillis() / 1000.0 : null, failed);
    }

    /**
     * Acts on a failed publication: {@code retry} makes it owed again, due now, with its attempts counted afresh;
     * {@code discard} deletes it, so its listener never runs for that event.
     * @param eventId the event id
     * @param listenerId the listener id
     * @param action {@code retry} or {@code discard}
     * @return what was done
     * @throws InvalidEndpointRequestException when the action is unknown or there is no such failed publication
     */
    @WriteOperation
    public Map<String, String> act(String eventId, String listenerId, String action) {
        PublicationKey key = new PublicationKey(eventId, listenerId);
        boolean done = switch (action) {
            case "retry" -> this.queries.retry(key);
            case "discard" -> this.queries.discard(key);
            default -> throw invalid("Unknown action '" + action + "': use retry or discard");
        };
        if (!done) {
            throw invalid("No failed publication of " + key + " to " + action);
        }
        return Map.of("eventId", eventId, "listenerId", listenerId,
                "status", action.equals("retry") ? PublicationLog.OWED : "discarded");
    }

    /** A refused request; the reason is what a web client is told. */
    private static InvalidEndpointRequestException invalid(String reason) {
        return new InvalidEndpointRequestException(reason, reason);
    }

    /**
     * What the read operation returns.
     *
     * @param counts the publications by status: {@code owed}, {@code failed}, {@code completed}
     * @param listeners the publications by listener id, then status
     * @param oldestOwedAgeSeconds how long the oldest owed publication has waited, or {@code null} when none is owed
     * @param failed the oldest failed publications (at most 100)
     */
    public record PublicationsDescriptor(Map<String, Long> counts, Map<String, Map<String, Long>> listeners,
            @Nullable Double oldestOwedAgeSeconds, List<FailedPublicationDescriptor> failed) {
    }

    /**
     * A failed publication.
     *
     * @param eventId the event id
     * @param listenerId the listener id
     * @param event the event name
     * @param attempts how many attempts were made
     * @param lastError the failure of the last attempt, or why it could not be attempted
     * @param createdAt when it was written
     */
    public record FailedPublicationDescriptor(String eventId, String listenerId, String event, int attempts,
            @Nullable String lastError, @Nullable OffsetDateTime createdAt) {
    }

}
