package dev.eventbus.benchmarks.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Delivery across instances over Kafka: from the emit (or send) in one Spring context to the listener in another, on
 * one in-JVM KRaft broker ({@code EmbeddedKafkaKraftBroker}, one broker, started for each contender in its own
 * fork). One operation sends a batch of {@value #BATCH} events, spread over 16 customers (the record key) in turn,
 * then waits until the receiver's listener has had them all; the score is the time per event, its inverse the events
 * per second.
 * <ul>
 * <li>{@code eventBus}: {@code emitter.emit("bench.order", order)} with {@code eventbus.kafka.publish=bench.*} and the
 * route key {@code #a0.customerId}; the receiver's {@code @On(value = "bench.order", instances = ONE)}.</li>
 * <li>{@code kafkaTemplate}: the floor, Jackson's JSON of the same record through Boot's {@code KafkaTemplate}, keyed
 * by the customer, and a {@code @KafkaListener} on Boot's container factory.</li>
 * </ul>
 * Both listeners do the same work ({@link Receipts}): each event's latency from the emit, and a check that it is the
 * next of its customer. The latencies of the measured iterations are reported as percentiles at the end of the
 * trial (see {@link Latencies}); an event out of its customer's order, lost or received twice fails the trial.
 * <p>
 * Its own settings (two forks of 5 × 2 s warm-up and 5 × 2 s measurement; about two minutes for both contenders on 2
 * cores) give the JIT the time to compile both contexts' paths: the bus's first warm-up iterations take three times
 * as long as its last. {@code run-suite.sh}'s shorter ones (one fork of 3 × 1 s and 5 × 1 s) measure the bus while it
 * is still getting faster.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class KafkaDeliveryBenchmark {

    static final int BATCH = 1_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void eventBus(EventBusState state) {
        state.contender().sendAndAwait(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void kafkaTemplate(KafkaTemplateState state) {
        state.contender().sendAndAwait(BATCH);
    }

    /** The broker and the two contexts of the event bus. */
    @State(Scope.Benchmark)
    public static class EventBusState extends ContenderState {

        public EventBusState() {
            super(EventBusContender::new);
        }

    }

    /** The broker and the two contexts of the floor. */
    @State(Scope.Benchmark)
    public static class KafkaTemplateState extends ContenderState {

        public KafkaTemplateState() {
            super(KafkaTemplateContender::new);
        }

    }

    /** One contender on a broker of its own, for one trial. */
    public abstract static class ContenderState {

        private final Function<String, KafkaContender> contenders;

        private @Nullable EmbeddedKafkaKraftBroker broker;

        private @Nullable KafkaContender contender;

        ContenderState(Function<String, KafkaContender> contenders) {
            this.contenders = contenders;
        }

        KafkaContender contender() {
            KafkaContender running = this.contender;
            if (running == null) {
                throw new IllegalStateException("Not started");
            }
            return running;
        }

        @Setup(Level.Trial)
        public void start() {
            // the broker logs at INFO before any context has set the level
            LoggingSystem.get(KafkaDeliveryBenchmark.class.getClassLoader()).setLogLevel(null, LogLevel.WARN);
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, KafkaContender.PARTITIONS);
            started.afterPropertiesSet();
            this.broker = started;
            this.contender = this.contenders.apply(started.getBrokersAsString());
        }

        @Setup(Level.Iteration)
        public void iteration(IterationParams iteration) {
            contender().measuring(iteration.getType() == IterationType.MEASUREMENT);
        }

        @TearDown(Level.Trial)
        public void stop(BenchmarkParams benchmark) {
            try {
                if (this.contender != null) {
                    Map<String, String> params = new TreeMap<>();
                    for (String key : benchmark.getParamsKeys()) {
                        params.put(key, benchmark.getParam(key));
                    }
                    try {
                        this.contender.finish(benchmark.getBenchmark(), params);
                    }
                    finally {
                        this.contender.close();
                        this.contender = null;
                    }
                }
            }
            finally {
                if (this.broker != null) {
                    LoggingSystem.get(KafkaDeliveryBenchmark.class.getClassLoader()).setLogLevel(null, LogLevel.WARN);
                    this.broker.destroy();
                    this.broker = null;
                }
            }
        }

    }

}
