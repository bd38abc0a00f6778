package dev.eventbus.benchmarks;

import java.util.concurrent.ExecutorService;

import com.google.common.eventbus.AsyncEventBus;
import dev.eventbus.Emitter;
import org.greenrobot.eventbus.EventBus;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The async contenders, each with its own instance of the same executor configuration and one async listener, warmed
 * up with whole batches and checked to deliver every event.
 */
public final class AsyncContenders {

    private AsyncContenders() {
    }

    /** What every async contender holds. */
    public abstract static class Contender {

        final OrderPlaced payload = Fixtures.payload();

        final Arrivals arrivals = new Arrivals();

        ExecutorService executor;

        abstract void post();

        abstract String name();

        void postBatchAndWait() {
            for (int i = 0; i < AsyncListeners.BATCH; i++) {
                post();
            }
            this.arrivals.await(name(), AsyncListeners.BATCH);
        }

        void warmUp() {
            for (int i = 0; i < Fixtures.WARM_UP_POSTS / AsyncListeners.BATCH; i++) {
                postBatchAndWait();
            }
        }

        @TearDown
        public void shutDown() {
            this.executor.shutdownNow();
        }

    }

    /** Our emitter with one {@code @On(async = true)} listener. */
    @State(Scope.Thread)
    public static class EventBusAsync extends Contender {

        Emitter emitter;

        @Setup
        public void setUp() {
            this.executor = AsyncListeners.newExecutor();
            this.emitter = AsyncListeners.eventBus(this.executor, this.arrivals);
            warmUp();
        }

        @Override
        void post() {
            this.emitter.emit(OrderPlaced.NAME, this.payload);
        }

        @Override
        String name() {
            return "event bus";
        }

    }

    /** Guava's {@link AsyncEventBus} with one subscriber. */
    @State(Scope.Thread)
    public static class GuavaAsync extends Contender {

        AsyncEventBus bus;

        @Setup
        public void setUp() {
            this.executor = AsyncListeners.newExecutor();
            this.bus = AsyncListeners.guava(this.executor, this.arrivals);
            warmUp();
        }

        @Override
        void post() {
            this.bus.post(this.payload);
        }

        @Override
        String name() {
            return "Guava";
        }

    }

    /** greenrobot with one {@code ASYNC} subscriber. */
    @State(Scope.Thread)
    public static class GreenrobotAsync extends Contender {

        EventBus bus;

        @Setup
        public void setUp() {
            this.executor = AsyncListeners.newExecutor();
            this.bus = AsyncListeners.greenrobot(this.executor, this.arrivals);
            warmUp();
        }

        @Override
        void post() {
            this.bus.post(this.payload);
        }

        @Override
        String name() {
            return "greenrobot";
        }

    }

}
