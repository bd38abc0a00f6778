package dev.eventbus.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Searches the log for owed publications that are due (written while this instance had no room, left by a crash or a
 * restart, or waiting for their next attempt) and claims them a page at a time for the relay; renews the leases of
 * the publications in flight; purges completed ones. One thread, started once the application is ready and stopped
 * when the context closes, before the bus drains its async work.
 */
final class PublicationPoller implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent>,
        ApplicationContextAware {

    /**
     * Below the web server's stop ({@code Integer.MAX_VALUE - 2048}), so requests that emit have ended; above the
     * event bus's drain ({@code Integer.MAX_VALUE - 3072}), so nothing new is handed to it while it drains.
     */
    static final int PHASE = Integer.MAX_VALUE - 2560;

    private static final Log logger = LogFactory.getLog(PublicationPoller.class);

    private final PublicationLog log;

    private final PublicationRelay relay;

    private final PublicationRetention retention;

    private final PollSignal signal;

    private final DurableProperties properties;

    private final String owner;

    private final Clock clock;

    private @Nullable ApplicationContext applicationContext;

    private volatile boolean running;

    private volatile @Nullable Thread thread;

    /** Renews the leases of the publications in flight, on a thread of its own so that a long search or purge (or a
     * delivery the bus executor's caller-runs policy runs on the search's thread) never holds a renewal up. */
    private volatile @Nullable Thread renewer;

    private OffsetDateTime nextPurge = OffsetDateTime.MIN;

    PublicationPoller(PublicationLog log, PublicationRelay relay, PublicationRetention retention, PollSignal signal,
            DurableProperties properties, String owner, Clock clock) {
        this.log = log;
        this.relay = relay;
        this.retention = retention;
        this.signal = signal;
        this.properties = properties;
        this.owner = owner;
        this.clock = clock;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() == this.applicationContext) {
            startPolling();
        }
    }

    synchronized void startPolling() {
        if (!this.running || this.thread != null) {
            return;
        }
        Thread poller = new Thread(this::poll, "eventbus-publications");
        poller.setDaemon(true);
        this.thread = poller;
        Thread renewer = new Thread(this::renewLeases, "eventbus-publication-leases");
        renewer.setDaemon(true);
        this.renewer = renewer;
        poller.start();
        renewer.start();
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        Thread poller;
        Thread renewer;
        synchronized (this) {
            this.running = false;
            poller = this.thread;
            this.thread = null;
            renewer = this.renewer;
            this.renewer = null;
        }
        if (renewer != null) {
            renewer.interrupt();
        }
        if (poller != null) {
            this.signal.signal();
            try {
                poller.join(Duration.ofSeconds(30).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void renewLeases() {
        long every = Math.max(10L, this.properties.getLease().dividedBy(3).toMillis());
        while (this.running) {
            try {
                Thread.sleep(every);
            }
            catch (InterruptedException ex) {
                return;
            }
            try {
                OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
                this.log.renew(this.relay.inFlight(), this.owner, now.plus(this.properties.getLease()));
            }
            catch (RuntimeException | Error ex) {
                logger.warn("Could not renew the leases of the publications in flight; trying again in " + every
                        + " ms", ex);
            }
        }
    }

    private void poll() {
        while (this.running) {
            try {
                if (!searchOnce()) {
                    this.signal.await(this.properties.getPollInterval());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (RuntimeException | Error ex) {
                // the search must outlive any one failure: it is what delivers retries, recoveries and renewals
                logger.warn("Could not search the publication log for owed publications; trying again in "
                        + this.properties.getPollInterval(), ex);
                try {
                    this.signal.await(this.properties.getPollInterval());
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Does the periodic work that is due, then claims one page if there is room for enough of it.
     * @return whether a full page was claimed, so that the next search should follow at once
     */
    boolean searchOnce() {
        OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
        Duration lease = this.properties.getLease();
        if (!now.isBefore(this.nextPurge)) {
            int purged = this.retention.purge(now);
            if (purged > 0 && logger.isDebugEnabled()) {
                logger.debug("Purged " + purged + " completed publications");
            }
            this.nextPurge = now.plus(this.properties.getPurgeInterval());
        }
        int page = Math.min(this.properties.getPageSize(), this.properties.getMaxInFlight());
        // wait for room for half a page rather than claim a row at a time behind a busy relay
        if (this.relay.available() < Math.max(1, page / 2) && !this.relay.idle()) {
            return false;
        }
        int reserved = this.relay.reserve(page);
        if (reserved == 0) {
            return false;
        }
        List<StoredPublication> claimed;
        try {
            claimed = this.log.claim(this.owner, now, now.plus(lease), reserved);
        }
        catch (RuntimeException ex) {
            this.relay.unreserve(reserved);
            throw ex;
        }
        this.relay.unreserve(reserved - claimed.size());
        for (StoredPublication publication : claimed) {
            this.relay.recover(publication);
        }
        return claimed.size() == reserved;
    }

}
