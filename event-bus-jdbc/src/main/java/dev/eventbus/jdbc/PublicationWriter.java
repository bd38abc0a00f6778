package dev.eventbus.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventbus.Event;
import dev.eventbus.core.Events;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the publications of each emit in one batched statement: in the transaction active at the emit, handing them
 * to the relay once it commits, or in a transaction of its own before the emit returns.
 */
final class PublicationWriter {

    /** What this thread's emits have given the durable deliveries and has not been written yet. */
    private final ThreadLocal<List<Pending>> buffered = ThreadLocal.withInitial(ArrayList::new);

    private final PublicationLog log;

    private final ArgumentCodec codec;

    private final PublicationRelay relay;

    private final TransactionTemplate ownTransaction;

    private final String instanceId;

    private final Duration lease;

    private final Clock clock;

    PublicationWriter(PublicationLog log, ArgumentCodec codec, PublicationRelay relay,
            PlatformTransactionManager transactionManager, String instanceId, Duration lease, Clock clock) {
        this.log = log;
        this.codec = codec;
        this.relay = relay;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.instanceId = instanceId;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Notes a publication of the emit being dispatched, with its arguments as JSON: an argument that cannot be
     * written fails at the listener's turn, and nothing is noted.
     * @throws PublicationWriteException when the arguments cannot be written as JSON
     */
    void buffer(DurableListenerDelivery delivery, Event event) {
        List<Pending> buffer = this.buffered.get();
        Pending last = buffer.isEmpty() ? null : buffer.get(buffer.size() - 1);
        // the durable listeners of one emit share its JSON
        String json = (last != null && last.event() == event) ? last.json() : this.codec.write(event);
        buffer.add(new Pending(delivery, event, json, Events.emitDepth()));
    }

    /**
     * Writes what the emit ending now (and any emit nested in it) has noted; what an emit around it noted stays for
     * that emit's end, so that a nested emit that fails to write loses nothing of the emit around it. The
     * publications this instance has room to deliver at once are written claimed by it, the others unclaimed, for
     * the search of the log.
     * @throws PublicationWriteException when they cannot be written: then none of them is
     */
    void flush() {
        List<Pending> buffer = this.buffered.get();
        if (buffer.isEmpty()) {
            return;
        }
        int depth = Events.emitDepth();
        List<Pending> pending = new ArrayList<>(buffer.size());
        buffer.removeIf((one) -> one.depth() >= depth && pending.add(one));
        if (buffer.isEmpty()) {
            this.buffered.remove();
        }
        if (pending.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
        int claimed = this.relay.reserve(pending.size());
        try {
            List<NewPublication> publications = publications(pending, claimed, now);
            if (TransactionSynchronizationManager.isSynchronizationActive()
                    && TransactionSynchronizationManager.isActualTransactionActive()) {
                this.log.insert(publications, now);
                TransactionSynchronizationManager
                    .registerSynchronization(new AfterCommit(pending, claimed, now.plus(this.lease)));
            }
            else {
                this.ownTransaction.executeWithoutResult((status) -> this.log.insert(publications, now));
                handOver(pending, claimed, now.plus(this.lease));
            }
        }
        catch (PublicationWriteException ex) {
            this.relay.release(claimed);
            throw ex;
        }
        catch (RuntimeException ex) {
            this.relay.release(claimed);
            throw new PublicationWriteException("Could not write the publications of " + describe(pending) + ": "
                    + ex.getMessage(), ex);
        }
    }

    private List<NewPublication> publications(List<Pending> pending, int claimed, OffsetDateTime now) {
        Set<PublicationKey> keys = new HashSet<>();
        OffsetDateTime leaseUntil = now.plus(this.lease);
        List<NewPublication> publications = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            Pending one = pending.get(i);
            Event event = one.event();
            boolean mine = i < claimed;
            PublicationKey key = new PublicationKey(event.id(), one.delivery().listenerId());
            if (!keys.add(key)) {
                throw new PublicationWriteException("Two durable listeners share the id '" + key.listenerId()
                        + "', so event '" + event.name() + "' (id " + event.id() + ") would owe them one publication: "
                        + "give each durable listener an id of its own (@On(id = ...))", null);
            }
            publications.add(new NewPublication(key, event.name(), event.origin(), one.json(),
                    mine ? this.instanceId : null, mine ? leaseUntil : null));
        }
        return publications;
    }

    /**
     * After the write has committed: the claimed publications go to the relay, the others to the search. When the
     * transaction took so long that less than two thirds of their lease is left, the claimed ones go to the search
     * too (their claims expire and any instance takes them), so that no run starts on a lease about to end.
     */
    private void handOver(List<Pending> pending, int claimed, OffsetDateTime leaseUntil) {
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        if (claimed > 0 && now.isAfter(leaseUntil.minus(this.lease.multipliedBy(2).dividedBy(3)))) {
            this.relay.release(claimed);
            claimed = 0;
        }
        for (int i = 0; i < claimed; i++) {
            Pending one = pending.get(i);
            this.relay.deliver(new PublicationKey(one.event().id(), one.delivery().listenerId()), one.event(), 0);
        }
        if (claimed < pending.size()) {
            this.relay.pollSoon();
        }
    }

    private static String describe(List<Pending> pending) {
        Map<Event, List<String>> listeners = new IdentityHashMap<>();
        for (Pending one : pending) {
            listeners.computeIfAbsent(one.event(), (event) -> new ArrayList<>()).add(one.delivery().listenerId());
        }
        StringBuilder text = new StringBuilder();
        listeners.forEach((event, ids) -> text.append((text.length() > 0) ? "; " : "")
            .append("event '")
            .append(event.name())
            .append("' (id ")
            .append(event.id())
            .append(") for listeners ")
            .append(ids));
        return text.toString();
    }

    private record Pending(DurableListenerDelivery delivery, Event event, String json, int depth) {
    }

    /**
     * Hands the publications to the relay once the emitting transaction has committed; gives their room back if it
     * did not. It hands them over after the completion rather than in {@code afterCommit}: by then the transaction's
     * synchronization is cleared, so an emit made by a listener run on this thread writes in a transaction of its
     * own instead of joining the one that has just committed.
     */
    private final class AfterCommit implements TransactionSynchronization {

        private final List<Pending> pending;

        private final int claimed;

        private final OffsetDateTime leaseUntil;

        AfterCommit(List<Pending> pending, int claimed, OffsetDateTime leaseUntil) {
            this.pending = pending;
            this.claimed = claimed;
            this.leaseUntil = leaseUntil;
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
                handOver(this.pending, this.claimed, this.leaseUntil);
            }
            else {
                // rolled back: nothing was written; unknown: what was written waits for its lease to expire
                PublicationWriter.this.relay.release(this.claimed);
            }
        }

    }

}
