package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import dev.eventbus.Emitter;
import dev.eventbus.Listener;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emitter under several threads: exact delivery, once under races, registration churn during emits.
 */
class EmitterConcurrencyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final int THREADS = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() {
        this.pool.shutdownNow();
    }

    @Test
    void everyListenerReceivesExactlyEveryEmitFromSeveralThreads() throws Exception {
        Emitter emitter = Emitter.create();
        AtomicLong exact = new AtomicLong();
        AtomicLong pattern = new AtomicLong();
        AtomicLong all = new AtomicLong();
        AtomicLong unmatched = new AtomicLong();
        emitter.on("order.created", (event) -> exact.incrementAndGet());
        emitter.on("order.*", (event) -> pattern.incrementAndGet());
        emitter.on("**", (event) -> {
            // a wildcard listener also receives newListener: count only what the threads emit
            if (event.name().equals("order.created")) {
                all.incrementAndGet();
            }
        });
        emitter.on("order.deleted", (event) -> unmatched.incrementAndGet());
        int emitsPerThread = 5_000;
        AtomicLong falseReturns = new AtomicLong();

        runTogether(THREADS, (thread) -> () -> {
            for (int i = 0; i < emitsPerThread; i++) {
                if (!emitter.emit("order.created", thread, i)) {
                    falseReturns.incrementAndGet();
                }
            }
            return null;
        });

        long total = (long) THREADS * emitsPerThread;
        assertThat(exact).hasValue(total);
        assertThat(pattern).hasValue(total);
        assertThat(all).hasValue(total);
        assertThat(unmatched).hasValue(0);
        assertThat(falseReturns).hasValue(0);
    }

    @Test
    void asyncListenerReceivesExactlyEveryEmitFromSeveralThreads() throws Exception {
        try (TrackingExecutor executor = new TrackingExecutor(2)) {
            Emitter emitter = Emitter.builder().executor(executor).build();
            AsyncCounter counter = new AsyncCounter();
            emitter.register(counter);
            int emitsPerThread = 1_000;

            runTogether(THREADS, (thread) -> () -> {
                for (int i = 0; i < emitsPerThread; i++) {
                    emitter.emit("tick");
                }
                return null;
            });

            executor.awaitIdle(TIMEOUT);
            assertThat(counter.calls).hasValue((long) THREADS * emitsPerThread);
        }
    }

    @RepeatedTest(20)
    void onceListenerFiresExactlyOnceUnderConcurrentEmits() throws Exception {
        Emitter emitter = Emitter.create();
        AtomicInteger once = new AtomicInteger();
        AtomicInteger prependedOnce = new AtomicInteger();
        OnceCounter annotated = new OnceCounter();
        emitter.once("race", (event) -> once.incrementAndGet());
        emitter.prependOnceListener("race", (event) -> prependedOnce.incrementAndGet());
        emitter.register(annotated);

        runTogether(THREADS * 2, (thread) -> () -> {
            for (int i = 0; i < 5; i++) {
                emitter.emit("race");
            }
            return null;
        });

        assertThat(once).hasValue(1);
        assertThat(prependedOnce).hasValue(1);
        assertThat(annotated.calls).hasValue(1);
        assertThat(emitter.listenerCount("race")).isZero();
    }

    @Test
    void registrationAndRemovalDuringEmitsFromOtherThreadsNeverFailAndLoseNoDelivery() throws Exception {
        Emitter emitter = Emitter.builder().maxListeners(0).build();
        AtomicLong stable = new AtomicLong();
        emitter.on("load.tick", (event) -> stable.incrementAndGet());
        int emitters = 2;
        int emitsPerThread = 3_000;
        int churnIterations = 1_500;

        runTogether(THREADS, (thread) -> {
            if (thread < emitters) {
                return () -> {
                    for (int i = 0; i < emitsPerThread; i++) {
                        emitter.emit("load.tick", i);
                    }
                    return null;
                };
            }
            return () -> {
                for (int i = 0; i < churnIterations; i++) {
                    churn(emitter, i);
                }
                return null;
            };
        });

        assertThat(stable).hasValue((long) emitters * emitsPerThread);
        assertThat(emitter.listenerCount("load.tick")).isEqualTo(1);
        assertThat(emitter.eventNames()).containsExactly("load.tick");
    }

    @Test
    void maxListenersWarningIsLoggedOnceWhenThreadsRegisterConcurrently() throws Exception {
        Emitter emitter = Emitter.builder().maxListeners(5).build();

        try (LogCapture logs = LogCapture.eventBus()) {
            runTogether(THREADS, (thread) -> () -> {
                for (int i = 0; i < 25; i++) {
                    emitter.on("crowded", (event) -> {
                    });
                }
                return null;
            });

            assertThat(emitter.listenerCount("crowded")).isEqualTo(THREADS * 25);
            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).hasSize(1);
        }
    }

    private static void churn(Emitter emitter, int i) {
        Listener listener = (event) -> {
        };
        switch (i % 6) {
            case 0 -> emitter.on("load.tick", listener).close();
            case 1 -> {
                emitter.prependListener("load.*", listener);
                emitter.off("load.*", listener);
            }
            case 2 -> {
                Subscription subscription = emitter.once("load.**", listener);
                emitter.listeners("load.tick");
                subscription.close();
            }
            case 3 -> {
                emitter.on("load.tick", listener);
                emitter.eventNames();
                emitter.off("load.tick", listener);
            }
            case 4 -> {
                Subscription subscription = emitter.register(new ChurnBean());
                emitter.listenerCount("load.tick");
                subscription.close();
            }
            default -> {
                emitter.on("load.other", listener);
                emitter.removeAllListeners("load.other");
            }
        }
    }

    private void runTogether(int threads, Function<Integer, Callable<Void>> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService executor = (threads <= THREADS) ? this.pool : Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                Callable<Void> task = work.apply(thread);
                futures.add(executor.submit(() -> {
                    start.await();
                    try {
                        task.call();
                    }
                    catch (Throwable ex) {
                        failures.add(ex);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        finally {
            if (executor != this.pool) {
                executor.shutdownNow();
            }
        }
        assertThat(failures).isEmpty();
    }

    public static class AsyncCounter {

        final AtomicLong calls = new AtomicLong();

        @On(value = "tick", async = true)
        public void tick() {
            this.calls.incrementAndGet();
        }

    }

    public static class OnceCounter {

        final AtomicInteger calls = new AtomicInteger();

        @On(value = "race", once = true)
        public void race() {
            this.calls.incrementAndGet();
        }

    }

    public static class ChurnBean {

        @On({ "load.*", "load.**" })
        public void handle() {
        }

    }

}
