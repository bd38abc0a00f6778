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
 * outbox's lease): each round reads a batch in the order the records were written, sends them all (the idempotent
 * producer keeps their order within a partition), waits for the outcome of each (the producer gives one within its
 * {@code delivery.timeout.ms}; the lease is renewed meanwhile) and deletes the acknowledged records. A record that was not acknowledged stays at the head of the outbox and is sent again in the
 * next round, before anything written after it: a key's records leave in the order they were written, whatever
 * fails, and however long the broker is away (there is no last attempt). A record whose send failed for good in a
 * way that sending again cannot mend (too large for the broker, say) blocks the ones behind it: it is reported at
 * each round, until someone deletes it from the table.
 * <p>
 * Woken after each commit that wrote records, and every {@code eventbus.kafka.outbox.poll-interval} otherwise (to
 * find what other instances wrote, and what a crash left).
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
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        RuntimeException refused = null;
        for (Outbox.Row row : rows) {
            try {
                sends.add(this.kafka.send(row.record()));
            }
            catch (RuntimeException ex) {
                // the producer would not take it (no metadata in time...): it and what follows wait for the next round
                this.meters.sent(row.eventName(), false);
                refused = new IllegalStateException("Record " + row.seq() + " of the outbox (event '"
                        + row.eventName() + "', topic " + row.topic() + ", key " + row.key() + ") could not be "
                        + "sent: " + ex, ex);
                break;
            }
        }
        List<Long> sent = new ArrayList<>(sends.size());
        RuntimeException failed = refused;
        for (int i = 0; i < sends.size(); i++) {
            Outbox.Row row = rows.get(i);
            try {
                awaitOutcome(sends.get(i));
                sent.add(row.seq());
                this.meters.sent(row.eventName(), true);
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
                // another instance sends from here on; what was acknowledged is deleted, the rest is theirs
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
        if (failed != null) {
            throw failed;
        }
        return rows.size() == this.settings.getBatchSize();
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
                if (!this.outbox.lease(this.owner, this.clock.instant().plus(this.settings.getLease()))) {
                    throw new LeaseLostException();
                }
            }
        }
    }

    /** This instance no longer holds the outbox's lease. */
    private static final class LeaseLostException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LeaseLostException() {
            super("Lost the outbox's lease while waiting for the broker's acknowledgements: another instance sends "
                    + "from here on");
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
            try {
                thread.join(this.settings.getLease().toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.thread = null;
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
