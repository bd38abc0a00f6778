package dev.eventbus.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import dev.eventbus.core.AsyncOverflowPolicy;
import dev.eventbus.core.AsyncSettings;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.StringUtils;

/**
 * Configuration properties for the event bus.
 */
@ConfigurationProperties("eventbus")
public class EventBusProperties {

    /**
     * Number of registrations per event name or pattern above which a "MaxListenersExceeded" warning is logged. It
     * is a warning, not a cap. 0 for unlimited.
     */
    private int maxListeners = DefaultEmitter.DEFAULT_MAX_LISTENERS;

    /**
     * Maximum number of emits in progress on one thread: an emit from inside a sync listener nests in the emit
     * that called it. An emit that would go deeper fails with a MaxDepthExceededException listing the chain of
     * event names, instead of overflowing the stack.
     */
    private int maxDepth = DefaultEmitter.DEFAULT_MAX_DEPTH;

    /**
     * Id of this instance of the application: the origin of the events it emits (Event.origin()), and the owner of
     * the work it claims from a shared publication log. A random UUID per start unless set.
     */
    private String instanceId = UUID.randomUUID().toString();

    private final Metrics metrics = new Metrics();

    private final Observations observations = new Observations();

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

    public String getInstanceId() {
        return this.instanceId;
    }

    public void setInstanceId(String instanceId) {
        if (!StringUtils.hasText(instanceId)) {
            throw new IllegalArgumentException("eventbus.instance-id must not be blank, but was '" + instanceId + "'");
        }
        this.instanceId = instanceId.strip();
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Observations getObservations() {
        return this.observations;
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
        private int maxEventTags = MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS;

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

    public static class Observations {

        /**
         * Whether to observe every emit and listener invocation (eventbus.emit and eventbus.invocation) when an
         * ObservationRegistry bean is available.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    public static class Async {

        /**
         * Core number of threads running async listeners. Doesn't have an effect if virtual threads are enabled.
         */
        private int coreSize = 8;

        /**
         * Maximum number of threads running async listeners; threads above core-size are only started while the
         * queue is full. Defaults to core-size. Doesn't have an effect if virtual threads are enabled.
         */
        private @Nullable Integer maxSize;

        /**
         * Capacity of the queue of async listener invocations waiting for a thread. When it is full (and max-size
         * threads are busy) the overflow policy applies. With virtual threads, the maximum number of async
         * listener invocations running at once.
         */
        private int queueCapacity = 10_000;

        /**
         * What to do with an async listener invocation the executor refuses because its queue is full: run it on
         * the emitting thread (caller-runs), wait for room up to block-timeout and then fail (block), or fail the
         * emit with an AsyncOverflowException (fail). Every refusal is counted by the eventbus.async.rejections
         * meter.
         */
        private AsyncOverflowPolicy overflow = AsyncOverflowPolicy.CALLER_RUNS;

        /**
         * How long an emit waits for room in a full queue when overflow is "block", before it fails with an
         * AsyncOverflowException. With "caller-runs", how long an emit waits for an ordered listener that another
         * thread is running, before it leaves its invocation queued for that thread.
         */
        private Duration blockTimeout = Duration.ofSeconds(10);

        /**
         * How long closing the application context waits for accepted async listener invocations (queued, running
         * or in an ordered listener's queue) to finish. What has not finished by then is logged at WARN with its
         * count and event names, and counted by the eventbus.async.abandoned meter.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private boolean shutdownTimeoutSet;

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

        /**
         * Whether async listeners run with the context of the emitting thread (the current observation and trace,
         * and every ThreadLocalAccessor of the ContextRegistry, such as MDC entries). Requires
         * io.micrometer:context-propagation.
         */
        private boolean propagateContext = true;

        private final Shutdown shutdown = new Shutdown();

        public int getCoreSize() {
            return this.coreSize;
        }

        public void setCoreSize(int coreSize) {
            if (coreSize < 0) {
                throw new IllegalArgumentException("eventbus.async.core-size must be 0 or positive, but was " + coreSize);
            }
            this.coreSize = coreSize;
        }

        public @Nullable Integer getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(@Nullable Integer maxSize) {
            if (maxSize != null && maxSize < 1) {
                throw new IllegalArgumentException("eventbus.async.max-size must be at least 1, but was " + maxSize);
            }
            this.maxSize = maxSize;
        }

        /**
         * The maximum number of threads: max-size, or core-size when max-size is not set.
         * @return the maximum pool size
         */
        int effectiveMaxSize() {
            return Math.max(1, (this.maxSize != null) ? Math.max(this.maxSize, this.coreSize) : this.coreSize);
        }

        public int getQueueCapacity() {
            return this.queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            if (queueCapacity < 0) {
                throw new IllegalArgumentException(
                        "eventbus.async.queue-capacity must be 0 or positive, but was " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
        }

        public AsyncOverflowPolicy getOverflow() {
            return this.overflow;
        }

        public void setOverflow(AsyncOverflowPolicy overflow) {
            this.overflow = overflow;
        }

        public Duration getBlockTimeout() {
            return this.blockTimeout;
        }

        public void setBlockTimeout(Duration blockTimeout) {
            if (blockTimeout.isNegative() || blockTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "eventbus.async.block-timeout must be positive, but was " + blockTimeout);
            }
            this.blockTimeout = blockTimeout;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException(
                        "eventbus.async.shutdown-timeout must not be negative, but was " + shutdownTimeout);
            }
            this.shutdownTimeout = shutdownTimeout;
            this.shutdownTimeoutSet = true;
        }

        /**
         * The shutdown timeout in force: shutdown-timeout when set; otherwise what the deprecated
         * shutdown.await-termination (false: no wait) and shutdown.await-termination-period say; otherwise 30 s.
         * @return the shutdown timeout
         */
        Duration effectiveShutdownTimeout() {
            if (this.shutdownTimeoutSet) {
                return this.shutdownTimeout;
            }
            if (!this.shutdown.awaitTermination) {
                return Duration.ZERO;
            }
            Duration period = this.shutdown.awaitTerminationPeriod;
            return (period != null) ? period : this.shutdownTimeout;
        }

        /**
         * The engine's settings for async listeners.
         * @return the settings
         */
        AsyncSettings toSettings() {
            return new AsyncSettings(this.overflow, this.blockTimeout, effectiveShutdownTimeout());
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

        public boolean isPropagateContext() {
            return this.propagateContext;
        }

        public void setPropagateContext(boolean propagateContext) {
            this.propagateContext = propagateContext;
        }

        public Shutdown getShutdown() {
            return this.shutdown;
        }

        /**
         * The former shutdown properties, replaced by {@code eventbus.async.shutdown-timeout}.
         */
        public static class Shutdown {

            /**
             * Whether to wait for running and queued async listeners on shutdown. False is the same as
             * eventbus.async.shutdown-timeout=0.
             */
            private boolean awaitTermination = true;

            /**
             * Maximum time to wait for remaining async listeners on shutdown.
             */
            private @Nullable Duration awaitTerminationPeriod;

            /**
             * Whether to wait for async listeners on shutdown.
             * @return whether to wait
             * @deprecated in favour of {@code eventbus.async.shutdown-timeout}
             */
            @Deprecated(since = "0.1.0")
            @DeprecatedConfigurationProperty(replacement = "eventbus.async.shutdown-timeout",
                    reason = "The event bus drains its async listeners itself when the application stops; "
                            + "shutdown-timeout=0 does not wait", since = "0.1.0")
            public boolean isAwaitTermination() {
                return this.awaitTermination;
            }

            @Deprecated(since = "0.1.0")
            public void setAwaitTermination(boolean awaitTermination) {
                this.awaitTermination = awaitTermination;
            }

            /**
             * The longest to wait for async listeners on shutdown.
             * @return the period, or {@code null} when not set
             * @deprecated in favour of {@code eventbus.async.shutdown-timeout}
             */
            @Deprecated(since = "0.1.0")
            @DeprecatedConfigurationProperty(replacement = "eventbus.async.shutdown-timeout",
                    reason = "The event bus drains its async listeners itself when the application stops, for up "
                            + "to shutdown-timeout",
                    since = "0.1.0")
            public @Nullable Duration getAwaitTerminationPeriod() {
                return this.awaitTerminationPeriod;
            }

            @Deprecated(since = "0.1.0")
            public void setAwaitTerminationPeriod(@Nullable Duration awaitTerminationPeriod) {
                this.awaitTerminationPeriod = awaitTerminationPeriod;
            }

        }

    }

}
