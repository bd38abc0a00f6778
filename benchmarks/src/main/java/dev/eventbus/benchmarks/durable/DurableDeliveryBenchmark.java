package dev.eventbus.benchmarks.durable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable delivery end to end on one embedded PostgreSQL server: {@value #EVENTS} events, each published in a
 * transaction of its own by one of {@code producers} threads, then the time until every one has run its listener and
 * its publication is recorded as completed. The score is the time per publication; its inverse is the publications per second. Each contender runs
 * in its own fork, with its own server.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class DurableDeliveryBenchmark {

    static final int EVENTS = 2_000;

    @Param({ "event-bus", "spring-modulith" })
    public String contender;

    /** The threads that publish, as the request threads of a web application would. */
    @Param({ "1", "4" })
    public int producers;

    private final List<ExecutorService> producerThreads = new ArrayList<>();

    private EmbeddedPostgres postgres;

    private DurableContender running;

    private int iteration;

    @Setup(Level.Trial)
    public void start() throws IOException {
        this.postgres = EmbeddedPostgres.builder().start();
        if (this.producers > 1) {
            for (int i = 0; i < this.producers; i++) {
                this.producerThreads.add(Executors.newSingleThreadExecutor());
            }
        }
        String url = this.postgres.getJdbcUrl("postgres", "postgres");
        this.running = switch (this.contender) {
            case "event-bus" -> new EventBusContender(url);
            case "spring-modulith" -> new ModulithContender(url);
            default -> throw new IllegalArgumentException("No contender '" + this.contender
                    + "': take event-bus or spring-modulith");
        };
    }

    @Setup(Level.Iteration)
    public void clear() {
        this.running.reset();
        this.iteration++;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void publishDeliverComplete() {
        this.running.publishAndAwait(EVENTS, this.iteration, this.producerThreads);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        this.producerThreads.forEach(ExecutorService::shutdownNow);
        try {
            if (this.running != null) {
                this.running.close();
            }
        }
        finally {
            if (this.postgres != null) {
                this.postgres.close();
            }
        }
    }

}
