package dev.eventbus.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the event bus.
 */
@ConfigurationProperties("eventbus")
public class EventBusProperties {

    /**
     * Number of registrations per event name or pattern above which a "MaxListenersExceeded" warning is logged. It
     * is a warning, not a cap. 0 for unlimited.
     */
    private int maxListeners = 10;

    /**
     * Maximum number of emits in progress on one thread: an emit from inside a sync listener nests in the emit
     * that called it. An emit that would go deeper fails with a MaxDepthExceededException listing the chain of
     * event names, instead of overflowing the stack.
     */
    private int maxDepth = 64;

    private final Metrics metrics = new Metrics();

    private final Async async = new Async();

    public int getMaxListeners() {
        return this.maxListeners;
    }

    public void setMaxListeners(int maxListeners) {
        if (maxListeners < 0) {
            throw new IllegalArgumentException(
                    "eventbus.max-listeners must be 0 (unlimited) or positive, but was " + maxListeners);
        }
        this.maxListeners = maxListeners;
    }

    public int getMaxDepth() {
        return this.maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("eventbus.max-depth must be positive, but was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Async getAsync() {
        return this.async;
    }

    public static class Metrics {

        /**
         * Whether to record the eventbus.* meters when a MeterRegistry bean is available.
         */
        private boolean enabled = true;

        /**
         * Maximum number of distinct event names recorded as values of the "event" tag. Further names are recorded
         * as "other".
         */
        private int maxEventTags = 100;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxEventTags() {
            return this.maxEventTags;
        }

        public void setMaxEventTags(int maxEventTags) {
            if (maxEventTags < 1) {
                throw new IllegalArgumentException(
                        "eventbus.metrics.max-event-tags must be at least 1, but was " + maxEventTags);
            }
            this.maxEventTags = maxEventTags;
        }

    }

    public static class Async {

        /**
         * Core number of threads running async listeners. Doesn't have an effect if virtual threads are enabled.
         */
        private int coreSize = 8;

        /**
         * Maximum allowed number of threads running async listeners. Ignored if the queue is unbounded. Doesn't
         * have an effect if virtual threads are enabled.
         */
        private int maxSize = Integer.MAX_VALUE;

        /**
         * Queue capacity for async listener invocations. An unbounded capacity does not increase the pool and
         * therefore ignores the "max-size" property. Doesn't have an effect if virtual threads are enabled.
         */
        private int queueCapacity = Integer.MAX_VALUE;

        /**
         * Time limit for which threads may remain idle before being terminated. Doesn't have an effect if virtual
         * threads are enabled.
         */
        private Duration keepAlive = Duration.ofSeconds(60);

        /**
         * Whether core threads are allowed to time out. Doesn't have an effect if virtual threads are enabled.
         */
        private boolean allowCoreThreadTimeout = true;

        /**
         * Prefix to use for the names of the threads running async listeners.
         */
        private String threadNamePrefix = "eventbus-";

        private final Shutdown shutdown = new Shutdown();

        public int getCoreSize() {
            return this.coreSize;
        }

        public void setCoreSize(int coreSize) {
            this.coreSize = coreSize;
        }

        public int getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        public int getQueueCapacity() {
            return this.queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Duration getKeepAlive() {
            return this.keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }

        public boolean isAllowCoreThreadTimeout() {
            return this.allowCoreThreadTimeout;
        }

        public void setAllowCoreThreadTimeout(boolean allowCoreThreadTimeout) {
            this.allowCoreThreadTimeout = allowCoreThreadTimeout;
        }

        public String getThreadNamePrefix() {
            return this.threadNamePrefix;
        }

        public void setThreadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
        }

        public Shutdown getShutdown() {
            return this.shutdown;
        }

        public static class Shutdown {

            /**
             * Whether the executor should wait for running and queued async listeners to complete on shutdown.
             * When false, queued invocations are dropped (with a WARN log naming their count) and running ones
             * interrupted.
             */
            private boolean awaitTermination = true;

            /**
             * Maximum time the executor should wait for remaining async listeners to complete on shutdown.
             */
            private @Nullable Duration awaitTerminationPeriod = Duration.ofSeconds(30);

            public boolean isAwaitTermination() {
                return this.awaitTermination;
            }

            public void setAwaitTermination(boolean awaitTermination) {
                this.awaitTermination = awaitTermination;
            }

            public @Nullable Duration getAwaitTerminationPeriod() {
                return this.awaitTerminationPeriod;
            }

            public void setAwaitTerminationPeriod(@Nullable Duration awaitTerminationPeriod) {
                this.awaitTerminationPeriod = awaitTerminationPeriod;
            }

        }

    }

}
