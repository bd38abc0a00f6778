package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The meters of durable delivery: the publications in the log by status and the age of the oldest owed one (read from
 * the log at most every few seconds, when scraped), and the attempts to deliver by listener and outcome.
 */
final class PublicationMetrics implements MeterBinder, PublicationRecorder {

    static final String PUBLICATIONS = "eventbus.publications";

    static final String OLDEST_OWED = "eventbus.publications.oldest.owed";

    static final String ATTEMPTS = "eventbus.publications.attempts";

    private static final Log logger = LogFactory.getLog(PublicationMetrics.class);

    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final PublicationQueries queries;

    private final Map<String, Counter[]> attempts = new ConcurrentHashMap<>();

    private volatile @Nullable MeterRegistry registry;

    private volatile @Nullable Snapshot snapshot;

    PublicationMetrics(PublicationQueries queries) {
        this.queries = queries;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        // owed and failed only: counting the completed rows kept for days would scan them at every refresh
        for (String status : new String[] { PublicationLog.OWED, PublicationLog.FAILED }) {
            Gauge.builder(PUBLICATIONS, this, (metrics) -> metrics.count(status))
                .tag("status", status)
                .description("The publications in the durable delivery log, by status")
                .register(registry);
        }
        TimeGauge.builder(OLDEST_OWED, this, TimeUnit.SECONDS, PublicationMetrics::oldestOwedSeconds)
            .description("How long the oldest owed publication has been waiting; 0 when none is owed")
            .register(registry);
    }

    @Override
    public void attempted(String listenerId, Outcome outcome) {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        this.attempts.computeIfAbsent(listenerId, (id) -> counters(registry, id))[outcome.ordinal()].increment();
    }

    private static Counter[] counters(MeterRegistry registry, String listenerId) {
        Outcome[] outcomes = Outcome.values();
        Counter[] counters = new Counter[outcomes.length];
        for (Outcome outcome : outcomes) {
            counters[outcome.ordinal()] = Counter.builder(ATTEMPTS)
                .tag("listener", listenerId)
                .tag("outcome", outcome.tag())
                .description("The attempts to deliver a publication to a durable listener, by outcome")
                .register(registry);
        }
        return counters;
    }

    private double count(String status) {
        Snapshot current = current();
        return (current != null) ? current.byStatus().getOrDefault(status, 0L) : Double.NaN;
    }

    private double oldestOwedSeconds() {
        Snapshot current = current();
        if (current == null) {
            return Double.NaN;
        }
        Duration age = current.oldestOwedAge();
        return (age != null) ? age.toNanos() / 1e9 : 0.0;
    }

    private @Nullable Snapshot current() {
        Snapshot current = this.snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < REFRESH.toNanos()) {
            return current;
        }
        synchronized (this) {
            current = this.snapshot;
            if (current != null && now - current.readAt() < REFRESH.toNanos()) {
                return current;
            }
            try {
                current = new Snapshot(PublicationQueries.byStatus(this.queries.unsettledCountsByListener()),
                        this.queries.oldestOwedAge(), now);
                this.snapshot = current;
                return current;
            }
            catch (RuntimeException ex) {
                logger.debug("Could not read the publication log for its meters", ex);
                return null;
            }
        }
    }

    private record Snapshot(Map<String, Long> byStatus, @Nullable Duration oldestOwedAge, long readAt) {
    }

}
