package dev.eventbus.jdbc;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties for durable delivery ({@code @On(durable = true)}).
 */
@ConfigurationProperties("eventbus.durable")
public class DurableProperties {

    /**
     * How long a publication stays claimed by the instance delivering it. The lease of a publication in flight is
     * renewed while its instance lives; when the instance dies, another one takes the publication over once the
     * lease has expired.
     */
    private Duration lease = Duration.ofMinutes(2);

    /**
     * How often the log is searched for publications that are due (after a restart, a crash or a failed attempt),
     * when the previous search found less than a page.
     */
    private Duration pollInterval = Duration.ofSeconds(1);

    /**
     * Maximum number of owed publications claimed by one search of the log.
     */
    private int pageSize = 100;

    /**
     * Maximum number of publications this instance delivers at once. Publications written while as many are in
     * flight are left to the search of the log.
     */
    private int maxInFlight = 256;

    /**
     * How long completed publications are kept before they are deleted (or archived).
     */
    private Duration completedRetention = Duration.ofDays(7);

    /**
     * Whether completed publications past their retention are moved to the eventbus_publication_archive table
     * instead of being deleted.
     */
    private boolean archiveCompleted;

    /**
     * How often completed publications past their retention are deleted (or archived).
     */
    private Duration purgeInterval = Duration.ofMinutes(10);

    private final Retry retry = new Retry();

    private final Schema schema = new Schema();

    public Duration getLease() {
        return this.lease;
    }

    public void setLease(Duration lease) {
        this.lease = positive("eventbus.durable.lease", lease);
    }

    public Duration getPollInterval() {
        return this.pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = positive("eventbus.durable.poll-interval", pollInterval);
    }

    public int getPageSize() {
        return this.pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = atLeastOne("eventbus.durable.page-size", pageSize);
    }

    public int getMaxInFlight() {
        return this.maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = atLeastOne("eventbus.durable.max-in-flight", maxInFlight);
    }

    public Duration getCompletedRetention() {
        return this.completedRetention;
    }

    public void setCompletedRetention(Duration completedRetention) {
        if (completedRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "eventbus.durable.completed-retention must not be negative, but was " + completedRetention);
        }
        this.completedRetention = completedRetention;
    }

    public boolean isArchiveCompleted() {
        return this.archiveCompleted;
    }

    public void setArchiveCompleted(boolean archiveCompleted) {
        this.archiveCompleted = archiveCompleted;
    }

    public Duration getPurgeInterval() {
        return this.purgeInterval;
    }

    public void setPurgeInterval(Duration purgeInterval) {
        this.purgeInterval = positive("eventbus.durable.purge-interval", purgeInterval);
    }

    public Retry getRetry() {
        return this.retry;
    }

    public Schema getSchema() {
        return this.schema;
    }

    static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
        return value;
    }

    static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
        }
        return value;
    }

    public static class Retry {

        /**
         * Maximum number of attempts to deliver a publication, the first one included. After the last one fails, the
         * publication is marked failed and stays in the log until it is retried or discarded.
         */
        private int maxAttempts = 10;

        /**
         * Time to wait after the first failed attempt.
         */
        private Duration initialInterval = Duration.ofSeconds(1);

        /**
         * Factor by which the wait grows after each further failed attempt.
         */
        private double multiplier = 2.0;

        /**
         * Longest wait between two attempts.
         */
        private Duration maxInterval = Duration.ofMinutes(10);

        /**
         * Random spread of each wait: up to this much earlier or later after the first failed attempt, growing in
         * proportion with the wait (never below initial-interval nor above max-interval). 0 for none.
         */
        private Duration jitter = Duration.ofMillis(500);

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = atLeastOne("eventbus.durable.retry.max-attempts", maxAttempts);
        }

        public Duration getInitialInterval() {
            return this.initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = positive("eventbus.durable.retry.initial-interval", initialInterval);
        }

        public double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(double multiplier) {
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException(
                        "eventbus.durable.retry.multiplier must be at least 1, but was " + multiplier);
            }
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return this.maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = positive("eventbus.durable.retry.max-interval", maxInterval);
        }

        public Duration getJitter() {
            return this.jitter;
        }

        public void setJitter(Duration jitter) {
            if (jitter.isNegative()) {
                throw new IllegalArgumentException(
                        "eventbus.durable.retry.jitter must not be negative, but was " + jitter);
            }
            this.jitter = jitter;
        }

    }

    public static class Schema {

        /**
         * When to create the publication tables on startup (with CREATE TABLE IF NOT EXISTS): on embedded databases
         * only, always, or never (create them yourself from the script in docs/durable.md).
         */
        private DatabaseInitializationMode initialize = DatabaseInitializationMode.EMBEDDED;

        /**
         * Platform of the schema script to apply (postgresql or h2). Detected from the DataSource unless set.
         */
        private @Nullable String platform;

        public DatabaseInitializationMode getInitialize() {
            return this.initialize;
        }

        public void setInitialize(DatabaseInitializationMode initialize) {
            this.initialize = initialize;
        }

        public @Nullable String getPlatform() {
            return this.platform;
        }

        public void setPlatform(@Nullable String platform) {
            this.platform = platform;
        }

    }

}
