package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One emit to one {@code @On} listener with a condition that compares a property of the argument: the condition holds
 * (the listener runs) or fails (it does not), against the same listener without a condition. SpEL compiles
 * {@code #a0.orderId > 100L} (a {@code long} against a {@code long}); it does not compile
 * {@code #a0.orderId > 100} (a {@code long} against an {@code int} literal), which stays interpreted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConditionBenchmark {

    @Benchmark
    public boolean conditionHolds(Conditional state) {
        return state.emitter.emit(OrderPlaced.NAME, state.large);
    }

    @Benchmark
    public boolean conditionFails(Conditional state) {
        return state.emitter.emit(OrderPlaced.NAME, state.small);
    }

    @Benchmark
    public boolean interpretedConditionHolds(Interpreted state) {
        return state.emitter.emit(OrderPlaced.NAME, state.large);
    }

    @Benchmark
    public boolean noCondition(Unconditional state) {
        return state.emitter.emit(OrderPlaced.NAME, state.large);
    }

    /** An emitter with the conditional listener, and an order that passes its condition and one that does not. */
    @State(Scope.Thread)
    public static class Conditional {

        final OrderPlaced large = new OrderPlaced(4711, "book");

        final OrderPlaced small = new OrderPlaced(42, "pen");

        Emitter emitter;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.emitter = Emitter.create();
            this.emitter.register(new LargeOrders(blackhole));
        }

    }

    /** An emitter with the listener whose condition SpEL does not compile. */
    @State(Scope.Thread)
    public static class Interpreted {

        final OrderPlaced large = new OrderPlaced(4711, "book");

        Emitter emitter;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.emitter = Emitter.create();
            this.emitter.register(new LargeOrdersMixedTypes(blackhole));
        }

    }

    /** An emitter with the same listener, without a condition. */
    @State(Scope.Thread)
    public static class Unconditional {

        final OrderPlaced large = new OrderPlaced(4711, "book");

        Emitter emitter;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.emitter = Emitter.create();
            this.emitter.register(new AllOrders(blackhole));
        }

    }

    /** The conditional listener. */
    public static class LargeOrders {

        private final Blackhole blackhole;

        LargeOrders(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @On(value = OrderPlaced.NAME, condition = "#a0.orderId > 100L")
        public void onLarge(OrderPlaced order) {
            this.blackhole.consume(order);
        }

    }

    /** The conditional listener, comparing with an {@code int} literal. */
    public static class LargeOrdersMixedTypes {

        private final Blackhole blackhole;

        LargeOrdersMixedTypes(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @On(value = OrderPlaced.NAME, condition = "#a0.orderId > 100")
        public void onLarge(OrderPlaced order) {
            this.blackhole.consume(order);
        }

    }

    /** The same listener without a condition. */
    public static class AllOrders {

        private final Blackhole blackhole;

        AllOrders(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @On(OrderPlaced.NAME)
        public void onAny(OrderPlaced order) {
            this.blackhole.consume(order);
        }

    }

}
