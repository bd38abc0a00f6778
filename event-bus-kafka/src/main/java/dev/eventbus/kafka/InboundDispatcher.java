package dev.eventbus.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.ListenerHandle;
import dev.eventbus.core.ListenerLookup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Runs the listeners of an audience for one received record, on the consumer's thread and one after the other, so
 * that a partition's records (the events of one key) reach every listener in order, and the record's offset is
 * committed only after they have all run. The record is read and checked whole, and its arguments bound for every
 * listener, before any of them runs: a record that fails there runs nothing.
 * <p>
 * For {@code ALL}, a record this instance emitted is skipped (its listeners ran at the emit). For {@code ONE}, with an
 * {@link Inbox}, each listener runs in a transaction that records it, and not again for a redelivered record. When a
 * listener fails, the record's retries run only the listeners that had not run yet (this instance remembers which,
 * for a bounded number of records); its dead letter names the one that failed.
 */
final class InboundDispatcher {

    /** The header naming the listener whose failure sent a record to the dead-letter topic. */
    static final String LISTENER_HEADER = "eventbus_listener";

    private final EventRecords records;

    private final CrossInstanceListeners listeners;

    private final Supplier<@Nullable ListenerLookup> lookup;

    private final Supplier<String> instanceId;

    private final @Nullable Inbox inbox;

    private final KafkaMeters meters;

    private volatile @Nullable ListenerLookup resolvedLookup;

    /**
     * The listeners that have run for a record whose run failed since, by record: its retries (the same record,
     * read again by the same consumer) run only the listeners that have not. Bounded: the oldest entries make room
     * (a retry whose entry went runs them all again: at least once, as always).
     */
    private final Map<String, Set<String>> ranBeforeAFailure = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {

                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    // the oldest failing records (dead-lettered since, most likely) make room
                    return size() > MAX_FAILED_RECORDS;
                }

            });

    static final int MAX_FAILED_RECORDS = 1024;

    InboundDispatcher(EventRecords records, CrossInstanceListeners listeners,
            Supplier<@Nullable ListenerLookup> lookup, Supplier<String> instanceId, @Nullable Inbox inbox,
            KafkaMeters meters) {
        this.records = records;
        this.listeners = listeners;
        this.lookup = lookup;
        this.instanceId = instanceId;
        this.inbox = inbox;
        this.meters = meters;
    }

    boolean hasInbox() {
        return this.inbox != null;
    }

    /**
     * Runs a record's listeners of an audience.
     * @throws RejectedRecordException when the record is not one to read (never retried)
     * @throws ListenerRunException when a listener failed (retried, then dead-lettered)
     */
    void dispatch(ConsumerRecord<?, byte[]> record, Instances audience) {
        dispatch(record, audience, null, false);
    }

    /**
     * Runs a record's listeners of an audience, or only one of them.
     * @param only the id of the one listener to run, {@code null} for all that match
     * @param replay whether the record is a dead letter replayed (its own ALL records are run too)
     */
    void dispatch(ConsumerRecord<?, byte[]> record, Instances audience, @Nullable String only, boolean replay) {
        EventRecords.Received received = this.records.read(record);
        if (audience == Instances.ALL && !replay && received.origin().equals(this.instanceId.get())) {
            // emitted here: its ALL listeners ran at the emit
            return;
        }
        this.meters.received(received.name(), audience);
        ListenerLookup lookup = this.resolvedLookup;
        if (lookup == null) {
            lookup = this.lookup.get();
            this.resolvedLookup = lookup;
        }
        if (lookup == null) {
            throw new IllegalStateException("No emitter here reaches listeners by their ids; event '"
                    + received.name() + "' (" + received.id() + ") cannot be delivered");
        }
        List<Bound> bound = new ArrayList<>();
        for (String id : this.listeners.matching(audience, received.name())) {
            if (only != null && !only.equals(id)) {
                continue;
            }
            ListenerHandle handle = lookup.listener(id);
            if (handle != null) {
                bound.add(new Bound(id, handle, this.records.bind(received, handle.argumentTypes())));
            }
        }
        String failureKey = (only == null && !replay) ? record.topic() + "-" + record.partition() + "@"
                + record.offset() + "/" + audience : null;
        Set<String> ran = (failureKey != null) ? this.ranBeforeAFailure.remove(failureKey) : null;
        Set<String> ranNow = new HashSet<>();
        for (Bound one : bound) {
            if (ran != null && ran.contains(one.id())) {
                ranNow.add(one.id());
                continue;
            }
            try {
                if (audience == Instances.ONE && this.inbox != null) {
                    if (!this.inbox.runOnce(received.id(), one.id(), () -> run(one))) {
                        this.meters.deduplicated(received.name(), one.id());
                    }
                }
                else {
                    run(one);
                }
            }
            catch (RuntimeException ex) {
                if (failureKey != null && !ranNow.isEmpty()) {
                    this.ranBeforeAFailure.put(failureKey, ranNow);
                }
                throw ex;
            }
            ranNow.add(one.id());
        }
    }

    private static void run(Bound one) {
        try {
            one.handle().deliver(one.event(), Delivery.inline()).join();
        }
        catch (CompletionException ex) {
            Throwable failure = (ex.getCause() != null) ? ex.getCause() : ex;
            throw new ListenerRunException(one.id(), "Listener '" + one.id() + "' failed on event '"
                    + one.event().name() + "' (" + one.event().id() + ") from instance " + one.event().origin()
                    + ": " + failure, failure);
        }
    }

    private record Bound(String id, ListenerHandle handle, Event event) {
    }

}
