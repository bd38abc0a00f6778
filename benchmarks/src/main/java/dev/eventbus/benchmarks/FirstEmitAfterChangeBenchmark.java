package dev.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.Listener;
import dev.eventbus.Subscription;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The first emit after a registration change: every operation adds (or removes) an unrelated listener, which
 * publishes a new registry version, then emits, which builds the name's dispatch plan anew, with listeners under the
 * exact name or under {@code order.*}, among {@value PatternFixtures#BACKGROUND} other registrations.
 * {@code registrationChangeOnly} makes the same change without the emit, so the difference is the cost of the
 * first emit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirstEmitAfterChangeBenchmark {

    @Benchmark
    public void registrationChangeOnly(ChangeOnly state) {
        state.churn.change();
    }

    @Benchmark
    public boolean exactName(ExactName state) {
        state.churn.change();
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    @Benchmark
    public boolean singleWildcard(SingleWildcard state) {
        state.churn.change();
        return state.emitter.emit(OrderPlaced.NAME, state.payload);
    }

    /** The number of listeners, the argument, and where listeners deliver it. */
    @State(Scope.Thread)
    public static class Fixture {

        @Param({ "1", "10" })
        int listeners;

        final OrderPlaced payload = Fixtures.payload();

        Delivery delivery;

        boolean emits;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.delivery = new Delivery(blackhole);
        }

        Emitter emitterListeningTo(String pattern, String contender) {
            EventBusListeners.warmUp(Emitter.builder(), this.delivery);
            Emitter emitter = PatternFixtures.withBackground(Emitter.create());
            EventBusListeners.addLambdas(emitter, pattern, this.listeners, this.delivery);
            Churn churn = new Churn(emitter);
            this.delivery.expect(contender, this.listeners, () -> {
                churn.change();
                emitter.emit(OrderPlaced.NAME, this.payload);
            });
            churn.change();
            return emitter;
        }

        @TearDown(Level.Iteration)
        public void checkDelivered() {
            if (this.emits && this.delivery.count() == 0) {
                throw new IllegalStateException("No listener was called during the iteration");
            }
        }

    }

    /** Alternately adds and removes one unrelated listener: one registry change per call. */
    static final class Churn {

        private static final Listener UNRELATED = (event) -> {
        };

        private final Emitter emitter;

        private @Nullable Subscription added;

        Churn(Emitter emitter) {
            this.emitter = emitter;
        }

        void change() {
            Subscription subscription = this.added;
            if (subscription == null) {
                this.added = this.emitter.on("audit.changed", UNRELATED);
            }
            else {
                subscription.close();
                this.added = null;
            }
        }

    }

    @State(Scope.Thread)
    public static class ChangeOnly {

        Churn churn;

        @Setup
        public void setUp(Fixture fixture) {
            this.churn = new Churn(fixture.emitterListeningTo(OrderPlaced.NAME, "registration change only"));
        }

    }

    @State(Scope.Thread)
    public static class ExactName {

        OrderPlaced payload;

        Emitter emitter;

        Churn churn;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitterListeningTo(OrderPlaced.NAME, "exact name");
            this.churn = new Churn(this.emitter);
            fixture.emits = true;
        }

    }

    @State(Scope.Thread)
    public static class SingleWildcard {

        OrderPlaced payload;

        Emitter emitter;

        Churn churn;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            this.emitter = fixture.emitterListeningTo("order.*", "single wildcard");
            this.churn = new Churn(this.emitter);
            fixture.emits = true;
        }

    }

}
