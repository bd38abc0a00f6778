package dev.eventbus.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Failures on the edges of dispatch: errors thrown into emitAsync, failing executors, and failure reports racing
 * with the removal of the last "error" listener.
 */
class EmitterFailureRoutingTest {

    @Test
    void emitAsyncDoesNotThrowWhenASyncListenerThrowsAnErrorButFailsItsFuture() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Emitter emitter = Emitter.builder().meterRegistry(registry).build();
        AssertionError boom = new AssertionError("boom");
        emitter.on("job", (event) -> {
            throw boom;
        });
        AtomicReference<CompletableFuture<Void>> future = new AtomicReference<>();

        assertThatCode(() -> future.set(emitter.emitAsync("job"))).doesNotThrowAnyException();

        assertThat(catchThrowable(future.get()::join)).hasCause(boom);
        assertThat(registry.get("eventbus.emits").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void executorFailingOtherwiseThanByRejectingIsThatListenersFailureAndTheEmitGoesOn() {
        IllegalStateException broken = new IllegalStateException("executor broken");
        Emitter emitter = Emitter.builder().executor((task) -> {
            throw broken;
        }).build();
        emitter.register(new AsyncJob());
        AtomicInteger later = new AtomicInteger();
        emitter.on("job", (event) -> later.incrementAndGet());
        List<Object> reported = new CopyOnWriteArrayList<>();
        emitter.on("error", (event) -> reported.addAll(event.args()));

        Throwable thrown = catchThrowable(() -> emitter.emit("job", 7));

        assertThat(thrown).isNull();
        assertThat(later).as("sync listener after the rejected one").hasValue(1);
        assertThat(reported).containsExactly(broken, new ListenerFailure("job", "AsyncJob#run", List.of(7)));
    }

    @Test
    void errorThrownByTheExecutorOnAHandOffIsThatListenersFailureAndTheEmitGoesOn() {
        OutOfMemoryError noThread = new OutOfMemoryError("unable to create native thread");
        Emitter emitter = Emitter.builder().executor((task) -> {
            throw noThread;
        }).build();
        emitter.register(new AsyncJob());
        AtomicInteger later = new AtomicInteger();
        emitter.on("job", (event) -> later.incrementAndGet());
        List<Object> reported = new CopyOnWriteArrayList<>();
        emitter.on("error", (event) -> reported.addAll(event.args()));

        Throwable thrown = catchThrowable(() -> emitter.emit("job", 7));

        assertThat(thrown).isNull();
        assertThat(later).as("sync listener after the hand-off that failed").hasValue(1);
        assertThat(reported).containsExactly(noThread, new ListenerFailure("job", "AsyncJob#run", List.of(7)));
        assertThat(catchThrowable(() -> emitter.emitAsync("job", 8).join())).as("emitAsync's future")
            .hasCause(noThread);
        assertThat(((DefaultEmitter) emitter).footprint().pendingAsync()).isZero();
    }

    @Test
    void executorFailingOtherwiseThanByRejectingFailsTheEmitAsyncFutureWithItsException() {
        IllegalStateException broken = new IllegalStateException("executor broken");
        Emitter emitter = Emitter.builder().executor((task) -> {
            throw broken;
        }).build();
        emitter.register(new AsyncJob());

        CompletableFuture<Void> done = emitter.emitAsync("job", 7);

        assertThat(catchThrowable(done::join)).hasCause(broken);
    }

    @Test
    void asyncFailureIsNeverLostWhileTheLastErrorListenerComesAndGoes() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(DefaultEmitter.class);
        Level level = logger.getLevel();
        // thousands of failures are logged while no error listener is present: keep them out of the build log
        logger.setLevel(Level.OFF);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        DefaultEmitter emitter = new DefaultEmitter((task) -> pool.execute(() -> {
            try {
                task.run();
            }
            catch (Throwable ex) {
                escaped.compareAndSet(null, ex);
            }
        }), 0, EmitterInstrumentation.NONE, new AnnotatedListenerScanner());
        emitter.register(new FailingAsyncJob());
        AtomicBoolean stop = new AtomicBoolean();
        Thread toggler = new Thread(() -> {
            while (!stop.get()) {
                Subscription subscription = emitter.on("error", (event) -> {
                });
                subscription.close();
            }
        });
        toggler.start();
        try {
            for (int i = 0; i < 20_000 && escaped.get() == null; i++) {
                emitter.emit("job");
            }
        }
        finally {
            stop.set(true);
            toggler.join();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            logger.setLevel(level);
        }
        assertThat(escaped.get()).isNull();
        assertThat(emitter.statistics().pendingAsync()).isZero();
    }

    @Test
    void onMethodWithOverlappingPatternsIsCalledOncePerEmitAtItsFirstPosition() {
        Emitter emitter = Emitter.create();
        List<String> calls = new CopyOnWriteArrayList<>();
        emitter.on("order.created", (event) -> calls.add("lambda"));
        emitter.register(new OverlappingListener(calls));

        emitter.emit("order.created");

        assertThat(calls).containsExactly("overlapping", "lambda");
        assertThat(emitter.listenerCount("order.created")).isEqualTo(2);
    }

    @Test
    void programmaticListenerRegisteredUnderTwoOverlappingPatternsIsCalledTwice() {
        Emitter emitter = Emitter.create();
        AtomicInteger calls = new AtomicInteger();
        dev.eventbus.Listener listener = (event) -> calls.incrementAndGet();
        emitter.on("order.*", listener);
        emitter.on("order.created", listener);

        emitter.emit("order.created");

        assertThat(calls).hasValue(2);
    }

    @Test
    void removeAllListenersAnnouncesEveryOtherRemovalBeforeRemovingTheRemoveListenerListeners() {
        Emitter emitter = Emitter.create();
        List<String> removed = new CopyOnWriteArrayList<>();
        emitter.on("removeListener", (event) -> removed.add((String) event.arg(0)));
        emitter.on("order.created", (event) -> {
        });
        emitter.on("order.*", (event) -> {
        });

        int count = emitter.removeAllListeners();

        assertThat(count).isEqualTo(3);
        assertThat(removed).containsExactly("order.created", "order.*");
        assertThat(emitter.eventNames()).isEmpty();
    }

    static class AsyncJob {

        @On(value = "job", async = true, order = -1)
        public void run(int id) {
        }

    }

    static class FailingAsyncJob {

        @On(value = "job", async = true)
        public void run() {
            throw new IllegalStateException("job failed");
        }

    }

    static class OverlappingListener {

        private final List<String> calls;

        OverlappingListener(List<String> calls) {
            this.calls = calls;
        }

        @On(value = { "order.*", "order.created" }, order = -1)
        public void on() {
            this.calls.add("overlapping");
        }

    }

}
