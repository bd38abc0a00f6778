package dev.eventbus.kafka.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node, in-JVM KRaft Kafka (broker and controller in one process) for integration tests
 * that can be {@linkplain #stop() stopped} and {@linkplain #restart() restarted} at the same
 * bootstrap address, so that producers and consumers created before the stop reconnect by
 * themselves.
 *
 * <p>It runs Kafka's own {@link KafkaRaftServer} (what {@code kafka-server-start.sh} runs) on a
 * storage directory formatted once at {@link #start}. Both the client port and the controller port
 * are chosen free at start and fixed in the configuration; they are not held while the broker is
 * stopped, so another process could in principle take one before {@link #restart()}. (spring-kafka-test's
 * {@code EmbeddedKafkaKraftBroker} ignores {@code kafkaPorts} and Kafka's
 * {@code KafkaClusterTestKit} always binds prebound random ports and new directory ids, so neither
 * can come back at the same address on the same storage.)
 *
 * <p>A {@link #restart()} reuses the log directory: topics (with their ids), records, committed
 * consumer offsets, consumer groups and idempotent producer state all survive it, as they would in
 * a production restart after a clean shutdown.
 *
 * <p>Clients reconnect by themselves, usually within about {@code reconnect.backoff.max.ms} (1 s
 * by default) after {@link #restart()} returns, but they retry only as long as their timeouts
 * allow: a producer whose sends should outlive a stop needs a {@code delivery.timeout.ms} longer
 * than the outage. With the default {@code metadata.recovery.strategy=rebootstrap}, a client that
 * finds no broker for a moment (typically within 0 to 3 s of the stop) forgets its metadata, and
 * {@code producer.send()} then blocks the calling thread until the broker is back or
 * {@code max.block.ms} (60 s by default) has passed; with {@code metadata.recovery.strategy=none}
 * the producer keeps its metadata and {@code send()} queues the record without blocking.
 *
 * <p>Kafka's {@link Exit} procedures are replaced, for the whole JVM, by ones that throw, so a
 * fatal broker error fails the test instead of halting the JVM.
 */
public final class TestBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestBroker.class);

    private static final int NODE_ID = 1;

    private static final String HOST = "127.0.0.1";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;

    private final int port;

    private final KafkaConfig config;

    private final Set<String> topics;

    private KafkaRaftServer server;

    private boolean closed;

    private TestBroker(Path directory, int port, KafkaConfig config, Set<String> topics) {
        this.directory = directory;
        this.port = port;
        this.config = config;
        this.topics = topics;
    }

    /**
     * Formats a fresh storage directory, starts a broker on a free port of the loopback address and
     * creates the given topics with replication factor 1. Topics created automatically later (by a
     * producer's or consumer's metadata request) get the same number of partitions.
     * @param partitions the number of partitions of each topic
     * @param topics the topics to create
     * @return the started broker, ready for clients
     */
    public static TestBroker start(int partitions, String... topics) {
        failInsteadOfExiting();
        long started = System.nanoTime();
        Path directory;
        try {
            directory = Files.createTempDirectory("test-broker-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        TestBroker broker = null;
        try {
            int port = freePort();
            int controllerPort = freePort();
            KafkaConfig config = KafkaConfig.fromProps(properties(directory, port, controllerPort, partitions));
            format(config);
            broker = new TestBroker(directory, port, config, Set.of(topics));
            broker.startServer();
            broker.createTopics(partitions);
            broker.awaitReady();
        }
        catch (RuntimeException | Error ex) {
            if (broker != null) {
                broker.close();
            }
            else {
                delete(directory);
            }
            throw ex;
        }
        log.info("Started Kafka at {} in {} ms", broker.bootstrapServers(), millisSince(started));
        return broker;
    }

    /**
     * Returns the address clients connect to; it stays the same across {@link #stop()} and
     * {@link #restart()}.
     * @return {@code host:port}
     */
    public String bootstrapServers() {
        return HOST + ":" + this.port;
    }

    /**
     * Tells whether the broker is running.
     * @return {@code false} after {@link #stop()} or {@link #close()}, until {@link #restart()}
     */
    public synchronized boolean isRunning() {
        return this.server != null;
    }

    /**
     * Shuts the broker down cleanly and waits until it is down: its ports are closed, so clients
     * see connection refusals until {@link #restart()}. The storage is kept. Does nothing if the
     * broker is already stopped.
     */
    public synchronized void stop() {
        if (this.server == null) {
            return;
        }
        long started = System.nanoTime();
        KafkaRaftServer stopping = this.server;
        this.server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        log.info("Stopped Kafka at {} in {} ms", bootstrapServers(), millisSince(started));
    }

    /**
     * Starts the broker again, at the same address and on the same storage, and waits until every
     * partition (the internal ones included) has a leader again. Stops it first if it is running.
     * @throws IllegalStateException if the broker is {@linkplain #close() closed}
     */
    public synchronized void restart() {
        if (this.closed) {
            throw new IllegalStateException(this + " is closed");
        }
        stop();
        long started = System.nanoTime();
        startServer();
        awaitReady();
        log.info("Restarted Kafka at {} in {} ms", bootstrapServers(), millisSince(started));
    }

    /**
     * Stops the broker if it is running and deletes its storage directory.
     */
    @Override
    public synchronized void close() {
        this.closed = true;
        try {
            stop();
        }
        finally {
            delete(this.directory);
        }
    }

    private static Properties properties(Path directory, int port, int controllerPort, int partitions) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("log.dirs", directory.toString());
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", String.valueOf(partitions));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Small and light for tests on a few cores.
        props.put("log.segment.bytes", String.valueOf(1024 * 1024));
        props.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        return props;
    }

    private static void format(KafkaConfig config) {
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(List.of(config.metadataLogDir()))
                .run();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not format " + config.metadataLogDir(), ex);
        }
    }

    private void startServer() {
        KafkaRaftServer starting = new KafkaRaftServer(this.config, Time.SYSTEM);
        try {
            starting.startup();
        }
        catch (RuntimeException | Error ex) {
            try {
                starting.shutdown();
                starting.awaitShutdown();
            }
            catch (RuntimeException shutdownFailure) {
                ex.addSuppressed(shutdownFailure);
            }
            throw ex;
        }
        this.server = starting;
    }

    private void createTopics(int partitions) {
        if (this.topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            admin.createTopics(this.topics.stream().map((topic) -> new NewTopic(topic, partitions, (short) 1)).toList())
                .all()
                .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not create topics " + this.topics, ex);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
                    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
                    if (names.containsAll(this.topics) && descriptions.values()
                        .stream()
                        .allMatch((topic) -> topic.partitions().stream().allMatch((p) -> p.leader() != null))) {
                        return;
                    }
                }
                catch (ExecutionException ex) {
                    // not ready yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready after " + READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void failInsteadOfExiting() {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka called Exit.exit(" + status + ", " + message + ")");
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka called Exit.halt(" + status + ", " + message + ")");
        });
    }

    private static void delete(Path directory) {
        try {
            Utils.delete(directory.toFile());
        }
        catch (IOException ex) {
            log.warn("Could not delete {}", directory, ex);
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    @Override
    public String toString() {
        return "TestBroker[" + bootstrapServers() + ", " + this.directory + (isRunning() ? "" : ", stopped") + "]";
    }

}
