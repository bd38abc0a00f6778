package dev.eventbus.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.greenrobot.eventbus.EventBus;
import org.greenrobot.eventbus.ThreadMode;

/**
 * The one async listener of the async scenarios, for each contender, and the executor they all hand off to.
 */
public final class AsyncListeners {

    /** Events per batch. */
    public static final int BATCH = 100;

    private AsyncListeners() {
    }

    /**
     * The executor every async contender gets: one worker thread (the machine has two cores, one for the producer),
     * an unbounded queue, so no contender is ever rejected or throttled.
     * @return a new executor, to shut down after use
     */
    public static ExecutorService newExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), (task) -> {
            Thread thread = new Thread(task, "async-listener-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Our emitter with one {@code @On(async = true)} listener.
     * @param executor the executor
     * @param arrivals where the listener reports
     * @return the emitter
     */
    public static Emitter eventBus(ExecutorService executor, Arrivals arrivals) {
        Emitter emitter = Emitter.builder().executor(executor).build();
        emitter.register(new EventBusListener(arrivals));
        return emitter;
    }

    /**
     * Guava's {@link AsyncEventBus} with one subscriber.
     * @param executor the executor
     * @param arrivals where the subscriber reports
     * @return the bus
     */
    public static AsyncEventBus guava(ExecutorService executor, Arrivals arrivals) {
        AsyncEventBus bus = new AsyncEventBus(executor);
        bus.register(new GuavaSubscriber(arrivals));
        return bus;
    }

    /**
     * A greenrobot bus with one {@link ThreadMode#ASYNC} subscriber.
     * @param executor the executor
     * @param arrivals where the subscriber reports
     * @return the bus
     */
    public static EventBus greenrobot(ExecutorService executor, Arrivals arrivals) {
        EventBus bus = EventBus.builder()
            .executorService(executor)
            .logNoSubscriberMessages(false)
            .sendNoSubscriberEvent(false)
            .build();
        bus.register(new GreenrobotSubscriber(arrivals));
        return bus;
    }

    /** Our async listener. */
    public static final class EventBusListener {

        private final Arrivals arrivals;

        EventBusListener(Arrivals arrivals) {
            this.arrivals = arrivals;
        }

        /**
         * Handles the event on the executor.
         * @param event the argument
         */
        @On(value = OrderPlaced.NAME, async = true)
        public void handle(OrderPlaced event) {
            this.arrivals.arrive(event);
        }

    }

    /** Guava's async subscriber. */
    public static final class GuavaSubscriber {

        private final Arrivals arrivals;

        GuavaSubscriber(Arrivals arrivals) {
            this.arrivals = arrivals;
        }

        /**
         * Handles the event on the executor.
         * @param event the argument
         */
        @Subscribe
        @AllowConcurrentEvents
        public void handle(OrderPlaced event) {
            this.arrivals.arrive(event);
        }

    }

    /** greenrobot's async subscriber. */
    public static final class GreenrobotSubscriber {

        private final Arrivals arrivals;

        GreenrobotSubscriber(Arrivals arrivals) {
            this.arrivals = arrivals;
        }

        /**
         * Handles the event on the executor.
         * @param event the argument
         */
        @org.greenrobot.eventbus.Subscribe(threadMode = ThreadMode.ASYNC)
        public void handle(OrderPlaced event) {
            this.arrivals.arrive(event);
        }

    }

}
