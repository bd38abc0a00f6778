package dev.eventbus.jdbc;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Marks delivered publications completed in shared statements: the thread that finds no batch being written writes
 * every completion queued by then in one batched update, so that deliveries ending together cost one round trip.
 */
final class CompletionBatcher {

    private static final Log logger = LogFactory.getLog(CompletionBatcher.class);

    private static final int MAX_BATCH = 500;

    private final Queue<Completion> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean writing = new AtomicBoolean();

    private final PublicationLog log;

    private final Clock clock;

    CompletionBatcher(PublicationLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * Marks a publication completed, now or in the batch being written; runs {@code written} once its batch has
     * been written (or has failed to be: then the publication is delivered again when its lease expires).
     */
    void completed(PublicationKey key, Runnable written) {
        this.queue.add(new Completion(key, written));
        // whoever writes rechecks the queue after it stops writing, so an entry added meanwhile is never stranded
        while (!this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
            try {
                writeQueued();
            }
            finally {
                this.writing.set(false);
            }
        }
    }

    private void writeQueued() {
        for (List<Completion> batch = drain(); !batch.isEmpty(); batch = drain()) {
            try {
                this.log.complete(batch.stream().map(Completion::key).toList(),
                        OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC));
            }
            catch (RuntimeException ex) {
                logger.error("Could not mark " + batch.size() + " delivered publications completed (the first: "
                        + batch.get(0).key() + "); they are delivered again once their leases expire", ex);
            }
            finally {
                for (Completion completion : batch) {
                    completion.written().run();
                }
            }
        }
    }

    private List<Completion> drain() {
        List<Completion> batch = new ArrayList<>();
        for (Completion next = this.queue.poll(); next != null; next = this.queue.poll()) {
            batch.add(next);
            if (batch.size() == MAX_BATCH) {
                break;
            }
        }
        return batch;
    }

    private record Completion(PublicationKey key, Runnable written) {
    }

}
