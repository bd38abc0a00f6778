package dev.eventbus.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends the outbox's records to Kafka, oldest first, from one thread of one instance at a time (the holder of the
 * outbox's lease): each round reads a batch in the order the records were written (their numbers), sends them all
 * (the idempotent producer keeps their order within a partition), waits for the outcome of each (the producer gives
 * one within its {@code delivery.timeout.ms}; the lease is renewed meanwhile, and while records are handed over) and
 * deletes the acknowledged records before the first one that failed. That one, and every record after it, stays and
 * is sent again in the next round, in the same order: a key's records leave in the order they were written, whatever
 * fails, and however long the broker is away (there is no last attempt); a record acknowledged after a failed one is
 * sent again (a copy, with the same {@code ce_id}). A record that sending again cannot mend (too large for the
 * broker, say, or a row whose headers cannot be read) blocks the ones behind it: it is reported at each round, until
 * someone deletes it from the table. Records written by transactions that commit out of the order of their numbers
 * leave in the order of their numbers once both are committed, or in commit order when the first committed was sent
 * before the other committed.
 * <p>
 * Woken after each commit that wrote records, and every {@code eventbus.kafka.outbox.poll-interval} otherwise (to
 * find what other instances wrote, and what a crash left). Stopping interrupts a round that waits for the broker; the
 * lease is given up once the thread has ended.
 */
final class OutboxSender implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(OutboxSender.class);

    private final Outbox outbox;

    private final KafkaOperations<String, byte[]> kafka;

    private final KafkaMeters meters;

    private final String owner;

    private final KafkaBusProperties.Outbox settings;

    private final Clock clock;

    private final Object signal = new Object();

    private boolean woken;

    private volatile boolean running;

    private @Nullable Thread thread;

    OutboxSender(Outbox outbox, KafkaOperations<String, byte[]> kafka, KafkaMeters meters, String owner,
            KafkaBusProperties.Outbox settings, Clock clock) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.meters = meters;
        this.owner = owner;
        this.settings = settings;
        this.clock = clock;
    }

    /** Tells the sender that records were committed. */
    void wake() {
        synchronized (this.signal) {
            this.woken = true;
            this.signal.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        try {
            this.outbox.ensureLeaseRow();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not make sure the outbox's lease row exists (eventbus_outbox_lease, name 'sender'); "
                    + "without it nothing is sent", ex);
        }
        this.running = true;
        Thread thread = new Thread(this::loop, "eventbus-kafka-outbox");
        thread.setDaemon(true);
        this.thread = thread;
        thread.start();
    }

    private void loop() {
        Duration backOff = Duration.ZERO;
        while (this.running) {
            Duration pause;
            try {
                pause = round() ? Duration.ZERO : this.settings.getPollInterval();
                backOff = Duration.ZERO;
            }
            catch (RuntimeException ex) {
                backOff = backOff.isZero() ? Duration.ofMillis(200) : min(backOff.multipliedBy(2),
                        this.settings.getMaxBackOff());
                pause = backOff;
                logger.warn("Could not send the outbox's records to Kafka; trying again in " + pause.toMillis()
                        + " ms: " + ex.getMessage(), (logger.isDebugEnabled() ? ex : null));
            }
            await(pause);
        }
    }

    /**
     * One round: sends a batch if this instance holds the lease.
     * @return whether there may be more to send at once
     */
    boolean round() {
        if (!this.outbox.lease(this.owner, this.clock.instant().plus(this.settings.getLease()))) {
            return false;
        }
        List<Outbox.Row> rows = this.outbox.oldest(this.settings.getBatchSize());
        if (rows.isEmpty()) {
            return false;
        }
        long renewEvery = this.settings.getLease().toNanos() / 3;
        long renewed = System.nanoTime();
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        RuntimeException refused = null;
        for (Outbox.Row row : rows) {
            if (System.nanoTime() - renewed > renewEvery) {
                // handing records over can wait (max.block.ms each, for a topic's metadata)
                renew();
                renewed = System.nanoTime();
            }
            try {
                if (row.broken() != null) {
                    throw new IllegalStateException(row.broken());
                }
                sends.add(this.kafka.send(row.record()));
            }
            catch (RuntimeException ex) {
                // the producer would not take it (no metadata in time...): it and what follows wait for the next round
                this.meters.sent(row.eventName(), false);
                refused = new IllegalStateException("Record " + row.seq() + " of the outbox (event '"
                        + row.eventName() + "', topic " + row.topic() + ", key " + row.key() + ") could not be "
                        + "sent: " + ex.getMessage(), ex);
                break;
            }
        }
        // only the acknowledged records before the first failure are deleted: a record after it is sent again, after
        // it, even if it was acknowledged (a copy, which at least once allows), so that no key overtakes its own
        List<Long> sent = new ArrayList<>(sends.size());
        RuntimeException failed = null;
        for (int i = 0; i < sends.size(); i++) {
            Outbox.Row row = rows.get(i);
            try {
                awaitOutcome(sends.get(i));
                this.meters.sent(row.eventName(), true);
                if (failed == null) {
                    sent.add(row.seq());
                }
            }
            catch (ExecutionException ex) {
                this.meters.sent(row.eventName(), false);
                if (failed == null) {
                    failed = new IllegalStateException("Record " + row.seq() + " of the outbox (event '"
                            + row.eventName() + "', topic " + row.topic() + ", key " + row.key() + ") was not "
                            + "acknowledged: " + ((ex.getCause() != null) ? ex.getCause() : ex), ex);
                }
            }
            catch (LeaseLostException ex) {
                // another instance sends from here on (or this one stops); what was acknowledged is deleted
                this.outbox.delete(sent);
                throw ex;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                this.outbox.delete(sent);
                return false;
            }
        }
        this.outbox.delete(sent);
        if (failed == null) {
            failed = refused;
        }
        if (failed != null) {
            throw failed;
        }
        return rows.size() == this.settings.getBatchSize();
    }

    private void renew() {
        if (!this.running || !this.outbox.lease(this.owner, this.clock.instant().plus(this.settings.getLease()))) {
            throw new LeaseLostException();
        }
    }

    /**
     * Waits for a send's outcome, which the producer gives within its {@code delivery.timeout.ms}: never sooner
     * given up (a copy given up on could still arrive after a newer record sent again); the lease is renewed
     * meanwhile.
     */
    private void awaitOutcome(CompletableFuture<?> send) throws ExecutionException, InterruptedException {
        long slice = Math.max(1, this.settings.getLease().toMillis() / 3);
        while (true) {
            try {
                send.get(slice, TimeUnit.MILLISECONDS);
                return;
            }
            catch (TimeoutException ex) {
                renew();
            }
        }
    }

    /** This instance no longer holds the outbox's lease. */
    private static final class LeaseLostException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LeaseLostException() {
            super("The outbox's sender stopped before the broker acknowledged its round, or lost its lease: the rest "
                    + "of the round is sent again by the next holder");
        }

    }

    private void await(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        synchronized (this.signal) {
            if (!this.woken && this.running) {
                try {
                    this.signal.wait(pause.toMillis());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    this.running = false;
                }
            }
            this.woken = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

    @Override
    public synchronized void stop() {
        this.running = false;
        wake();
        Thread thread = this.thread;
        if (thread != null) {
            // a round waiting for acknowledgements stops renewing its lease and ends
            thread.interrupt();
            try {
                thread.join(this.settings.getLease().toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.thread = null;
            if (thread.isAlive()) {
                logger.warn("The outbox's sender did not stop in time; its lease expires on its own");
                return;
            }
        }
        try {
            this.outbox.release(this.owner);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not give up the outbox's lease; another instance takes it over when it expires", ex);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // below the emitter's lifecycle (Integer.MAX_VALUE - 3072): it sends what the last emits wrote
        return Integer.MAX_VALUE - 4096;
    }

}
