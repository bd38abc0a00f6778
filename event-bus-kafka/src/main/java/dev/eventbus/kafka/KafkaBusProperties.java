package dev.eventbus.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.eventbus.core.EventPattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for carrying events between instances over Kafka. The broker connection is Spring Boot's
 * own ({@code spring.kafka.bootstrap-servers}, {@code spring.kafka.producer.*}, {@code spring.kafka.consumer.*}).
 */
@ConfigurationProperties("eventbus.kafka")
public class KafkaBusProperties {

    /**
     * Whether events are carried between instances over Kafka.
     */
    private boolean enabled = true;

    /**
     * The group whose instances share the work of ONE listeners: each event reaches one instance of each group.
     * Defaults to spring.application.name.
     */
    private @Nullable String group;

    /**
     * Names or patterns of the events that leave this instance (sent to Kafka). Empty: none do.
     */
    private List<String> publish = new ArrayList<>();

    /**
     * The topic of published events that no route names a topic for; every instance reads it.
     */
    private String topic = "eventbus.events";

    /**
     * Topic and key per pattern, the first matching route winning: events matching none go to the default topic
     * with their name as key.
     */
    private List<Route> routes = new ArrayList<>();

    /**
     * Records larger than this are not read: they go to the dead-letter topic.
     */
    private DataSize maxMessageSize = DataSize.ofMegabytes(1);

    /**
     * What is appended to a topic's name to name its dead-letter topic.
     */
    private String deadLetterSuffix = ".DLT";

    /**
     * Number of consumer threads per audience (ALL, ONE); more than the topics' partitions is wasted.
     */
    private int concurrency = 1;

    /**
     * When the tables of the inbox and the outbox (eventbus_inbox, eventbus_outbox, eventbus_outbox_lease) are
     * created on startup, when event-bus-spring-boot-starter-jdbc and a DataSource are present.
     */
    private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

    /**
     * Whether the bus's Kafka producer and consumers are observed (timers eventbus.kafka.send and
     * eventbus.kafka.receive, spans, and the trace carried from the emit to the listeners of other instances). By
     * default, when the application traces (a Micrometer Tracing Tracer is present).
     */
    private @Nullable Boolean observationEnabled;

    private final Retry retry = new Retry();

    private final Topics topics = new Topics();

    private final Inbox inbox = new Inbox();

    private final Outbox outbox = new Outbox();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getGroup() {
        return this.group;
    }

    public void setGroup(@Nullable String group) {
        this.group = StringUtils.hasText(group) ? group.strip() : null;
    }

    public List<String> getPublish() {
        return this.publish;
    }

    public void setPublish(List<String> publish) {
        for (String pattern : publish) {
            pattern("eventbus.kafka.publish", pattern);
        }
        this.publish = new ArrayList<>(publish);
    }

    public String getTopic() {
        return this.topic;
    }

    public void setTopic(String topic) {
        this.topic = topicName("eventbus.kafka.topic", topic);
    }

    public List<Route> getRoutes() {
        return this.routes;
    }

    public void setRoutes(List<Route> routes) {
        this.routes = new ArrayList<>(routes);
    }

    public DataSize getMaxMessageSize() {
        return this.maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        if (maxMessageSize.toBytes() < 1) {
            throw new IllegalArgumentException("eventbus.kafka.max-message-size must be positive, but was "
                    + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    public String getDeadLetterSuffix() {
        return this.deadLetterSuffix;
    }

    public void setDeadLetterSuffix(String deadLetterSuffix) {
        if (!StringUtils.hasText(deadLetterSuffix)) {
            throw new IllegalArgumentException("eventbus.kafka.dead-letter-suffix must not be blank, but was '"
                    + deadLetterSuffix + "'");
        }
        this.deadLetterSuffix = deadLetterSuffix;
    }

    public int getConcurrency() {
        return this.concurrency;
    }

    public void setConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("eventbus.kafka.concurrency must be at least 1, but was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    public DatabaseInitializationMode getInitializeSchema() {
        return this.initializeSchema;
    }

    public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public @Nullable Boolean getObservationEnabled() {
        return this.observationEnabled;
    }

    public void setObservationEnabled(@Nullable Boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    public Retry getRetry() {
        return this.retry;
    }

    public Topics getTopics() {
        return this.topics;
    }

    public Inbox getInbox() {
        return this.inbox;
    }

    public Outbox getOutbox() {
        return this.outbox;
    }

    static String pattern(String property, @Nullable String pattern) {
        try {
            EventPattern.parse(pattern);
            return pattern;
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " holds an invalid event pattern '" + pattern + "': "
                    + ex.getMessage(), ex);
        }
    }

    static String topicName(String property, @Nullable String topic) {
        if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(property + " must be a Kafka topic name (1 to 249 letters, digits, "
                    + "'.', '_' or '-'), but was '" + topic + "'");
        }
        return topic;
    }

    /**
     * Where the events of a pattern go, and the key that keeps their order.
     */
    public static class Route {

        /**
         * The names or pattern of the events this route is for.
         */
        private @Nullable String pattern;

        /**
         * Their topic; the default topic when not set.
         */
        private @Nullable String topic;

        /**
         * A SpEL expression over the event's arguments (#a0, #a1..., #args, #name) giving the record key: events of
         * one key are delivered in the order they were emitted. Their name when not set.
         */
        private @Nullable String key;

        public @Nullable String getPattern() {
            return this.pattern;
        }

        public void setPattern(@Nullable String pattern) {
            this.pattern = pattern("eventbus.kafka.routes[].pattern", pattern);
        }

        public @Nullable String getTopic() {
            return this.topic;
        }

        public void setTopic(@Nullable String topic) {
            this.topic = (topic == null) ? null : topicName("eventbus.kafka.routes[].topic", topic);
        }

        public @Nullable String getKey() {
            return this.key;
        }

        public void setKey(@Nullable String key) {
            this.key = StringUtils.hasText(key) ? key : null;
        }

    }

    /**
     * How a record whose listener failed is tried again before it goes to the dead-letter topic.
     */
    public static class Retry {

        /**
         * Attempts in all, the first included.
         */
        private int attempts = 3;

        /**
         * Wait before the second attempt.
         */
        private Duration initialInterval = Duration.ofMillis(500);

        /**
         * Factor by which each wait grows.
         */
        private double multiplier = 2.0;

        /**
         * Longest wait between two attempts.
         */
        private Duration maxInterval = Duration.ofSeconds(10);

        public int getAttempts() {
            return this.attempts;
        }

        public void setAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("eventbus.kafka.retry.attempts must be at least 1, but was "
                        + attempts);
            }
            this.attempts = attempts;
        }

        public Duration getInitialInterval() {
            return this.initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(double multiplier) {
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("eventbus.kafka.retry.multiplier must be at least 1, but was "
                        + multiplier);
            }
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return this.maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }

    }

    /**
     * The topics created on startup (through Spring Boot's KafkaAdmin) when missing: the default topic, each route's
     * topic, and their dead-letter topics.
     */
    public static class Topics {

        /**
         * Whether missing topics are created on startup.
         */
        private boolean create = true;

        /**
         * Partitions of a created topic: the most instances of one group that share its work. A topic that exists is never changed.
         */
        private int partitions = 6;

        /**
         * Replicas of a created topic; -1 for the broker's default.
         */
        private short replicas = -1;

        public boolean isCreate() {
            return this.create;
        }

        public void setCreate(boolean create) {
            this.create = create;
        }

        public int getPartitions() {
            return this.partitions;
        }

        public void setPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("eventbus.kafka.topics.partitions must be at least 1, but was "
                        + partitions);
            }
            this.partitions = partitions;
        }

        public short getReplicas() {
            return this.replicas;
        }

        public void setReplicas(short replicas) {
            this.replicas = replicas;
        }

    }

    /**
     * The inbox of ONE listeners, kept when event-bus-spring-boot-starter-jdbc and a DataSource are present: a
     * redelivered record does not run a listener whose run has committed.
     */
    public static class Inbox {

        /**
         * Whether ONE listeners get an inbox when a DataSource is present.
         */
        private boolean enabled = true;

        /**
         * How long an inbox entry is kept: longer than any record can be redelivered.
         */
        private Duration retention = Duration.ofDays(7);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getRetention() {
            return this.retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

    }

    /**
     * The outbox of published events, kept when event-bus-spring-boot-starter-jdbc and a DataSource are present:
     * each event's record is written in the emitting transaction, and sent from the table, oldest first, until the
     * broker has acknowledged it.
     */
    public static class Outbox {

        /**
         * Whether published events go through the outbox when event-bus-spring-boot-starter-jdbc and a DataSource
         * are present.
         */
        private boolean enabled = true;

        /**
         * How often the outbox is looked at when no commit has woken its sender: what other instances wrote, and
         * what a crash left.
         */
        private Duration pollInterval = Duration.ofSeconds(1);

        /**
         * Records sent per round.
         */
        private int batchSize = 500;

        /**
         * How long the instance that sends from the outbox keeps that role without renewing it: after a crash,
         * another instance takes it over once the lease has expired.
         */
        private Duration lease = Duration.ofSeconds(30);

        /**
         * Longest wait between two rounds while sends fail (the broker is away).
         */
        private Duration maxBackOff = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return this.pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = positive("eventbus.kafka.outbox.poll-interval", pollInterval);
        }

        public int getBatchSize() {
            return this.batchSize;
        }

        public void setBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("eventbus.kafka.outbox.batch-size must be at least 1, but was "
                        + batchSize);
            }
            this.batchSize = batchSize;
        }

        public Duration getLease() {
            return this.lease;
        }

        public void setLease(Duration lease) {
            this.lease = positive("eventbus.kafka.outbox.lease", lease);
        }

        public Duration getMaxBackOff() {
            return this.maxBackOff;
        }

        public void setMaxBackOff(Duration maxBackOff) {
            this.maxBackOff = positive("eventbus.kafka.outbox.max-back-off", maxBackOff);
        }

    }

    static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, but was " + value);
        }
        return value;
    }

}
