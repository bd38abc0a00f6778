package dev.eventbus.jdbc;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.core.Events;
import dev.eventbus.core.ListenerHandle;
import dev.eventbus.core.ListenerLookup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs claimed publications through their listeners on the bus executor, at most {@code max-in-flight} at once, and
 * settles each by its key: completed, attempted again later, or failed for good.
 */
final class PublicationRelay {

    private static final Log logger = LogFactory.getLog(PublicationRelay.class);

    private final Semaphore room;

    private final Set<PublicationKey> inFlight = ConcurrentHashMap.newKeySet();

    private final PublicationLog log;

    private final ArgumentCodec codec;

    private final DurableListeners listeners;

    private final Supplier<@Nullable ListenerLookup> lookup;

    private final RetrySchedule retry;

    private final FailureReporter reporter;

    private final PublicationRecorder recorder;

    private final PollSignal pollSignal;

    private final CompletionBatcher completions;

    private final String owner;

    private final Clock clock;

    PublicationRelay(int maxInFlight, PublicationLog log, ArgumentCodec codec, DurableListeners listeners,
            Supplier<@Nullable ListenerLookup> lookup, RetrySchedule retry, FailureReporter reporter,
            PublicationRecorder recorder, PollSignal pollSignal, String owner, Clock clock) {
        this.room = new Semaphore(maxInFlight);
        this.log = log;
        this.codec = codec;
        this.listeners = listeners;
        this.lookup = lookup;
        this.retry = retry;
        this.reporter = reporter;
        this.recorder = recorder;
        this.pollSignal = pollSignal;
        this.completions = new CompletionBatcher(log, clock);
        this.owner = owner;
        this.clock = clock;
    }

    DurableListeners listeners() {
        return this.listeners;
    }

    PollSignal pollSignal() {
        return this.pollSignal;
    }

    /** Takes room for up to {@code wanted} publications, without waiting; each must be delivered or released. */
    int reserve(int wanted) {
        int taken = 0;
        while (taken < wanted && this.room.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Gives back room that was reserved and not used, waking the search of the log. */
    void release(int taken) {
        if (taken > 0) {
            this.room.release(taken);
            this.pollSignal.signal();
        }
    }

    /** Gives back room the search of the log reserved and found nothing for, without waking it again. */
    void unreserve(int taken) {
        if (taken > 0) {
            this.room.release(taken);
        }
    }

    int available() {
        return this.room.availablePermits();
    }

    boolean idle() {
        return this.inFlight.isEmpty();
    }

    /** The publications being delivered now, whose claims are renewed. */
    Set<PublicationKey> inFlight() {
        return Set.copyOf(this.inFlight);
    }

    /** Wakes the search of the log: publications were written that this instance had no room to claim. */
    void pollSoon() {
        this.pollSignal.signal();
    }

    /**
     * Binds a publication read from the log back to its event and delivers it. One that cannot be read (an unknown
     * form version, unreadable arguments) is failed with the reason; one whose listener this instance does not have
     * counts a failed attempt, so that an instance that has it (a newer version, during a rolling deploy) can take
     * it, and is failed after the last attempt. Uses room already reserved.
     */
    void recover(StoredPublication publication) {
        PublicationKey key = publication.key();
        DurableListenerDelivery delivery = this.listeners.get(key.listenerId());
        if (delivery == null) {
            absent(key, publication.eventName(), publication.attempts() + 1);
            return;
        }
        Event event;
        try {
            if (publication.schemaVersion() != PublicationLog.SCHEMA_VERSION) {
                throw new IllegalArgumentException("it was stored in form version " + publication.schemaVersion()
                        + ", and this version of event-bus reads version " + PublicationLog.SCHEMA_VERSION);
            }
            List<@Nullable Object> args = this.codec.read(publication.args(), delivery.argumentTypes());
            event = Events.restored(key.eventId(), publication.origin(), publication.eventName(), args);
        }
        catch (RuntimeException ex) {
            reject(key, publication.eventName(), ex);
            return;
        }
        deliver(key, event, publication.attempts());
    }

    /** Runs a claimed publication's listener; when it ends, settles the publication and gives its room back. */
    void deliver(PublicationKey key, Event event, int attempts) {
        this.inFlight.add(key);
        CompletableFuture<Void> outcome;
        try {
            DurableListenerDelivery delivery = this.listeners.get(key.listenerId());
            ListenerLookup lookup = this.lookup.get();
            ListenerHandle handle = (lookup != null) ? lookup.listener(key.listenerId()) : null;
            if (delivery == null || handle == null) {
                this.inFlight.remove(key);
                absent(key, event.name(), attempts + 1);
                return;
            }
            outcome = handle.deliver(event, delivery.next());
        }
        catch (RuntimeException ex) {
            outcome = CompletableFuture.failedFuture(ex);
        }
        outcome.whenComplete((done, failure) -> settle(key, event, attempts + 1, failure));
    }

    private void settle(PublicationKey key, Event event, int attempts, @Nullable Throwable failure) {
        if (failure == null) {
            this.completions.completed(key, () -> {
                this.recorder.attempted(key.listenerId(), PublicationRecorder.Outcome.SUCCESS);
                done(key);
            });
            return;
        }
        try {
            Throwable cause = unwrap(failure);
            if (cause instanceof EmitterClosedException) {
                // not the listener's failure: the bus shut down first; the claim expires, and another instance (or
                // this one's next run) delivers it
                logger.info("Publication of " + key + " was not delivered before the event bus shut down; it is "
                        + "delivered again once its lease expires");
                return;
            }
            if (cause instanceof AsyncOverflowException) {
                // not the listener's failure either: the bus executor refused it (overflow = fail or block); no
                // attempt is counted, and the claim expires for a later search to deliver it
                logger.warn("Publication of " + key + " was refused by the full bus executor; it is delivered again "
                        + "once its lease expires: " + cause.getMessage());
                return;
            }
            failed(key, event, attempts, cause);
        }
        catch (RuntimeException ex) {
            logger.error("Could not record the failed attempt to deliver " + key + " in the publication log; it "
                    + "will be delivered again once its lease expires", ex);
        }
        finally {
            done(key);
        }
    }

    private void done(PublicationKey key) {
        this.inFlight.remove(key);
        release(1);
    }

    /** Counts an attempt at a publication whose listener this instance does not have, and gives its room back. */
    private void absent(PublicationKey key, String eventName, int attempts) {
        try {
            failed(key, eventName, List.of(), attempts, new EventBusException("No durable listener with id '"
                    + key.listenerId() + "' is registered in this instance (" + this.owner + "); an instance that "
                    + "has it may deliver the publication"));
        }
        catch (RuntimeException ex) {
            logger.error("Could not record the attempt at " + key + ", whose listener this instance does not have",
                    ex);
        }
        finally {
            release(1);
        }
    }

    private void failed(PublicationKey key, Event event, int attempts, Throwable cause) {
        failed(key, event.name(), event.args(), attempts, cause);
    }

    private void failed(PublicationKey key, String eventName, List<@Nullable Object> args, int attempts,
            Throwable cause) {
        String error = describe(cause);
        if (this.retry.exhausted(attempts)) {
            if (this.log.fail(key, this.owner, error, true)) {
                this.recorder.attempted(key.listenerId(), PublicationRecorder.Outcome.FAILED);
                this.reporter.report(cause, key, eventName, args,
                        "failed its last attempt (" + attempts + " of " + this.retry.maxAttempts() + ")");
            }
            else {
                lostClaim(key);
            }
            return;
        }
        OffsetDateTime next = now().plus(this.retry.delayAfter(attempts));
        if (this.log.reschedule(key, this.owner, error, next)) {
            this.recorder.attempted(key.listenerId(), PublicationRecorder.Outcome.RETRY);
            logger.warn("Publication of " + key + " ('" + eventName + "') failed attempt " + attempts + " of "
                    + this.retry.maxAttempts() + "; next attempt at " + next + ": " + error);
        }
        else {
            lostClaim(key);
        }
    }

    private void lostClaim(PublicationKey key) {
        logger.warn("Publication of " + key + " was claimed by another instance while this one delivered it (its "
                + "lease expired); that instance settles it");
    }

    /** Fails a publication that cannot be attempted, reports it, and gives its room back. */
    private void reject(PublicationKey key, String eventName, RuntimeException reason) {
        try {
            String error = "Cannot be delivered: " + reason.getMessage();
            if (this.log.fail(key, this.owner, error, false)) {
                this.recorder.attempted(key.listenerId(), PublicationRecorder.Outcome.REJECTED);
                this.reporter.report(new EventBusException("Publication of " + key + " cannot be delivered: "
                        + reason.getMessage(), reason), key, eventName, List.of(), "cannot be delivered: "
                                + reason.getMessage());
            }
        }
        catch (RuntimeException ex) {
            logger.error("Could not mark the publication of " + key + " failed (" + reason.getMessage() + ")", ex);
        }
        finally {
            release(1);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getName());
        if (failure.getMessage() != null) {
            text.append(": ").append(failure.getMessage());
        }
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && cause != failure && depth < 5; depth++) {
            text.append("; caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            cause = cause.getCause();
        }
        return text.toString();
    }

}
