package dev.eventbus.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.eventbus.EventBus;
import dev.eventbus.Emitter;
import net.engio.mbassy.bus.MBassador;
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

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * One event with one argument, emitted on the calling thread to 0, 1 or 10 listeners: our annotation path, our
 * lambda path and our annotation path through a Spring context with the starter, against a direct call loop (the
 * floor), Guava, greenrobot, MBassador and Spring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyncEmitBenchmark {

    @Benchmark
    public void direct(Direct direct) {
        direct.calls.dispatch(direct.payload);
    }

    @Benchmark
    public boolean eventBusOn(EventBusOn eventBus) {
        return eventBus.emitter.emit(OrderPlaced.NAME, eventBus.payload);
    }

    @Benchmark
    public boolean eventBusLambda(EventBusLambda eventBus) {
        return eventBus.emitter.emit(OrderPlaced.NAME, eventBus.payload);
    }

    @Benchmark
    public boolean eventBusStarter(EventBusStarter eventBus) {
        return eventBus.emitter.emit(OrderPlaced.NAME, eventBus.payload);
    }

    @Benchmark
    public void guava(Guava guava) {
        guava.bus.post(guava.payload);
    }

    @Benchmark
    public void greenrobot(Greenrobot greenrobot) {
        greenrobot.bus.post(greenrobot.payload);
    }

    @Benchmark
    public void mbassador(MBassadorBus mbassador) {
        mbassador.bus.post(mbassador.payload).now();
    }

    @Benchmark
    public void spring(Spring spring) {
        spring.context.publishEvent(spring.payload);
    }

    /** The number of listeners, the argument, and where listeners deliver it. */
    @State(Scope.Thread)
    public static class Fixture {

        @Param({ "0", "1", "10" })
        int listeners;

        final OrderPlaced payload = Fixtures.payload();

        Delivery delivery;

        @Setup
        public void setUp(Blackhole blackhole) {
            this.delivery = new Delivery(blackhole);
        }

        void expectDelivered(String contender, Runnable post) {
            this.delivery.expect(contender, this.listeners, post);
        }

        @TearDown(Level.Iteration)
        public void checkDelivered() {
            if (this.listeners > 0 && this.delivery.count() == 0) {
                throw new IllegalStateException("No listener was called during the iteration");
            }
        }

    }

    @State(Scope.Thread)
    public static class Direct {

        OrderPlaced payload;

        DirectCalls calls;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            DirectCalls.warmUp(fixture.delivery);
            this.calls = DirectCalls.create(fixture.listeners, fixture.delivery);
            fixture.expectDelivered("direct", () -> this.calls.dispatch(this.payload));
        }

    }

    @State(Scope.Thread)
    public static class EventBusOn {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            EventBusListeners.warmUp(Emitter.builder(), fixture.delivery);
            this.emitter = EventBusListeners.registerOnBeans(Emitter.create(), fixture.listeners, fixture.delivery);
            fixture.expectDelivered("event bus (@On)", () -> this.emitter.emit(OrderPlaced.NAME, this.payload));
        }

    }

    @State(Scope.Thread)
    public static class EventBusLambda {

        OrderPlaced payload;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            EventBusListeners.warmUp(Emitter.builder(), fixture.delivery);
            this.emitter = EventBusListeners.addLambdas(Emitter.create(), OrderPlaced.NAME, fixture.listeners,
                    fixture.delivery);
            fixture.expectDelivered("event bus (lambda)", () -> this.emitter.emit(OrderPlaced.NAME, this.payload));
        }

    }

    @State(Scope.Thread)
    public static class EventBusStarter {

        OrderPlaced payload;

        AnnotationConfigApplicationContext context;

        Emitter emitter;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            EventBusListeners.warmUp(Emitter.builder(), fixture.delivery);
            this.context = EventBusListeners.starterContext(fixture.listeners, fixture.delivery);
            this.emitter = this.context.getBean(Emitter.class);
            fixture.expectDelivered("event bus (starter)", () -> this.emitter.emit(OrderPlaced.NAME, this.payload));
        }

        @TearDown
        public void tearDown() {
            this.context.close();
        }

    }

    @State(Scope.Thread)
    public static class Guava {

        OrderPlaced payload;

        EventBus bus;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            GuavaListeners.warmUp(fixture.delivery);
            this.bus = GuavaListeners.register(new EventBus(), fixture.listeners, fixture.delivery);
            fixture.expectDelivered("Guava", () -> this.bus.post(this.payload));
        }

    }

    @State(Scope.Thread)
    public static class Greenrobot {

        OrderPlaced payload;

        org.greenrobot.eventbus.EventBus bus;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            GreenrobotListeners.warmUp(fixture.delivery);
            this.bus = GreenrobotListeners.register(GreenrobotListeners.newBus(), fixture.listeners,
                    fixture.delivery);
            fixture.expectDelivered("greenrobot", () -> this.bus.post(this.payload));
        }

    }

    @State(Scope.Thread)
    public static class MBassadorBus {

        OrderPlaced payload;

        MBassador<Object> bus;

        List<Object> listeners;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            MBassadorListeners.warmUp(fixture.delivery);
            this.bus = MBassadorListeners.newBus();
            this.listeners = MBassadorListeners.subscribe(this.bus, fixture.listeners, fixture.delivery);
            fixture.expectDelivered("MBassador", () -> this.bus.post(this.payload).now());
        }

        @TearDown
        public void tearDown() {
            this.bus.shutdown();
        }

    }

    @State(Scope.Thread)
    public static class Spring {

        OrderPlaced payload;

        AnnotationConfigApplicationContext context;

        @Setup
        public void setUp(Fixture fixture) {
            this.payload = fixture.payload;
            SpringListeners.warmUp(fixture.delivery);
            this.context = SpringListeners.context(fixture.listeners, fixture.delivery);
            fixture.expectDelivered("Spring", () -> this.context.publishEvent(this.payload));
        }

        @TearDown
        public void tearDown() {
            this.context.close();
        }

    }

}
