package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One emitter shared by one or two producer threads, each emitting one event with one argument to the same {@code @On}
 * listeners, with metrics off and with a {@link SimpleMeterRegistry}; the direct-call loop shared the same way is the
 * floor. The time is per emit and per thread, so that two threads emit {@code 2 × t(1 thread) / t(2 threads)} times
 * as many events per second as one: 2 when nothing on the emit path is written by both, less for each shared write.
 * <p>
 * The listeners only consume their argument into a blackhole (compiled to a no-op that keeps the value), since a
 * count written by both threads would itself be the shared write this scenario looks for; setup checks delivery
 * through the listener count and, with metrics on, the recorded emit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConcurrentEmitBenchmark {

    @Benchmark
    @Threads(1)
    public void directOneThread(Shared shared) {
        shared.dispatchDirectly();
    }

    @Benchmark
    @Threads(2)
    public void directTwoThreads(Shared shared) {
        shared.dispatchDirectly();
    }

    @Benchmark
    @Threads(1)
    public boolean eventBusOneThread(Shared shared) {
        return shared.emitter.emit(OrderPlaced.NAME, shared.payload);
    }

    @Benchmark
    @Threads(2)
    public boolean eventBusTwoThreads(Shared shared) {
        return shared.emitter.emit(OrderPlaced.NAME, shared.payload);
    }

    /** The emitter, its listeners and the floor, shared by every producer thread. */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({ "1", "10" })
        int listeners;

        @Param({ "off", "simple" })
        String metrics;

        final OrderPlaced payload = Fixtures.payload();

        Emitter emitter;

        /** The floor: the same listener objects, called through their interface in a loop. */
        DirectCalls.Handler[] handlers;

        private MeterRegistry registry;

        @Setup
        public void setUp(Blackhole blackhole) {
            DirectCalls.Handler[] everyClass = new DirectCalls.Handler[Fixtures.LISTENER_CLASSES];
            for (int i = 0; i < everyClass.length; i++) {
                everyClass[i] = listener(i, blackhole);
            }
            this.handlers = everyClass;
            Fixtures.warmUpWithEveryListenerClass(this::dispatchDirectly);
            EventBusListeners.warmUp(Emitter.builder(), new Delivery(blackhole));
            this.registry = "simple".equals(this.metrics) ? new SimpleMeterRegistry() : null;
            this.emitter = builder(this.registry).build();
            this.handlers = new DirectCalls.Handler[this.listeners];
            for (int i = 0; i < this.listeners; i++) {
                this.handlers[i] = listener(i, blackhole);
                this.emitter.register(this.handlers[i]);
            }
            if (this.emitter.listenerCount(OrderPlaced.NAME) != this.listeners) {
                throw new IllegalStateException("Expected " + this.listeners + " listeners");
            }
            this.emitter.emit(OrderPlaced.NAME, this.payload);
            if (this.registry != null) {
                RecordedMetrics.check(this.registry, this.listeners);
            }
        }

        void dispatchDirectly() {
            for (DirectCalls.Handler handler : this.handlers) {
                handler.handle(this.payload);
            }
        }

        private static Emitter.Builder builder(MeterRegistry registry) {
            Emitter.Builder builder = Emitter.builder();
            return (registry != null) ? builder.meterRegistry(registry) : builder;
        }

        @TearDown
        public void tearDown() {
            if (this.registry != null) {
                this.registry.close();
            }
        }

        private static DirectCalls.Handler listener(int index, Blackhole blackhole) {
            return switch (index % Fixtures.LISTENER_CLASSES) {
                case 0 -> new SinkA(blackhole);
                case 1 -> new SinkB(blackhole);
                case 2 -> new SinkC(blackhole);
                default -> new SinkD(blackhole);
            };
        }

    }

    /** A listener of one class that writes nothing shared, both an {@code @On} bean and a direct handler. */
    public static final class SinkA implements DirectCalls.Handler {

        private final Blackhole blackhole;

        SinkA(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Override
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.blackhole.consume(event);
        }

    }

    /** A listener of another class. */
    public static final class SinkB implements DirectCalls.Handler {

        private final Blackhole blackhole;

        SinkB(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Override
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.blackhole.consume(event);
        }

    }

    /** A listener of a third class. */
    public static final class SinkC implements DirectCalls.Handler {

        private final Blackhole blackhole;

        SinkC(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Override
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.blackhole.consume(event);
        }

    }

    /** A listener of a fourth class. */
    public static final class SinkD implements DirectCalls.Handler {

        private final Blackhole blackhole;

        SinkD(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Override
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.blackhole.consume(event);
        }

    }

}
