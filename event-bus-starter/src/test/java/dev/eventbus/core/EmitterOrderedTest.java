package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.AsyncOverflowException;
import dev.eventbus.Emitter;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @On(async = true, ordered = true)}: one invocation at a time, in emit order, on the bus executor.
 */
class EmitterOrderedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final TrackingExecutor executor = new TrackingExecutor(4);

    private final Emitter emitter = Emitter.builder().executor(this.executor).build();

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void orderedListenerReceivesEachProducersEventsInEmitOrderAndNeverConcurrently() throws Exception {
        Ledger ledger = new Ledger();
        this.emitter.register(ledger);
        int producers = 4;
        int perProducer = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int seq = 0; seq < perProducer; seq++) {
                    this.emitter.emit("ledger.entry", producer, seq);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TIMEOUT.toMillis());
        }

        await().atMost(TIMEOUT).until(() -> ledger.received.size() == producers * perProducer);
        assertThat(ledger.maxConcurrent).as("invocations at once").hasValue(1);
        Map<Integer, Integer> lastSeq = new ConcurrentHashMap<>();
        for (int[] entry : ledger.received) {
            Integer previous = lastSeq.put(entry[0], entry[1]);
            assertThat(entry[1]).as("producer %d after %s", entry[0], previous)
                .isEqualTo((previous != null) ? previous + 1 : 0);
        }
        assertThat(ledger.threads).as("invocations ran on the bus executor").allMatch(
                (name) -> name.startsWith(NamedExecutors.ASYNC_PREFIX));
    }

    @Test
    void unorderedAsyncListenerDoesRunConcurrentlySoTheOrderedTestCanTellThemApart() {
        Overlapping overlapping = new Overlapping();
        this.emitter.register(overlapping);

        this.emitter.emit("work");
        this.emitter.emit("work");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(overlapping.both).isTrue());
    }

    @Test
    void queuedInvocationsOfAnOrderedListenerHoldNoThread() throws Exception {
        Blocking blocking = new Blocking();
        this.emitter.register(blocking);
        CompletableFuture<String> other = new CompletableFuture<>();
        this.emitter.on("other", (event) -> other.complete("sync"));
        this.emitter.register(new OtherAsync(other));

        for (int i = 0; i < 20; i++) {
            this.emitter.emit("slow", i);
        }
        assertThat(blocking.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> otherDone = this.emitter.emitAsync("other");

        // 4 threads, 20 ordered invocations waiting: an unrelated async listener still gets a thread
        assertThat(otherDone).succeedsWithin(TIMEOUT);
        assertThat(blocking.received).containsExactly(0);
        blocking.release.countDown();
        await().atMost(TIMEOUT).until(() -> blocking.received.size() == 20);
        assertThat(blocking.received).isSorted();
    }

    @Test
    void failureOfOneEventIsReportedAndDoesNotStopTheNext() {
        Flaky flaky = new Flaky();
        this.emitter.register(flaky);
        List<ListenerFailure> failures = new CopyOnWriteArrayList<>();
        this.emitter.on("error", (event) -> failures.add(event.arg(1, ListenerFailure.class)));

        for (int i = 1; i <= 5; i++) {
            this.emitter.emit("step", i);
        }

        await().atMost(TIMEOUT).until(() -> flaky.received.size() == 5);
        assertThat(flaky.received).containsExactly(1, 2, 3, 4, 5);
        await().atMost(TIMEOUT).until(() -> failures.size() == 1);
        assertThat(failures).containsExactly(new ListenerFailure("step", "Flaky#step", List.of(2)));
    }

    @Test
    void nextInvocationStartsOnlyWhenTheStageReturnedByThePreviousOneCompletes() {
        Staged staged = new Staged();
        this.emitter.register(staged);

        CompletableFuture<Void> first = this.emitter.emitAsync("stage", 1);
        CompletableFuture<Void> second = this.emitter.emitAsync("stage", 2);

        await().atMost(TIMEOUT).until(() -> staged.started.size() == 1);
        this.executor.awaitIdle(TIMEOUT);
        assertThat(staged.started).containsExactly(1);
        assertThat(first).isNotDone();
        staged.stages.get(0).complete(null);
        assertThat(first).succeedsWithin(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> staged.started.size() == 2);
        staged.stages.get(1).complete(null);
        assertThat(second).succeedsWithin(TIMEOUT);
    }

    @Test
    void callerRunsKeepsTheOrderWhenTheExecutorRefuses() {
        Emitter refusing = Emitter.builder().executor((task) -> {
            throw new RejectedExecutionException("always full");
        }).build();
        Ledger ledger = new Ledger();
        refusing.register(ledger);

        for (int seq = 0; seq < 10; seq++) {
            refusing.emit("ledger.entry", 0, seq);
        }

        assertThat(ledger.received).extracting((entry) -> entry[1]).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(ledger.threads).containsOnly(Thread.currentThread().getName());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AsyncOverflowPolicy.class)
    void orderedListenerKeepsEachProducersOrderOnASaturatedBoundedPoolUnderEveryOverflowPolicy(
            AsyncOverflowPolicy policy) throws Exception {
        // two threads and room for two tasks, shared with an unordered listener: most hand-offs are refused
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2),
                (runnable) -> {
                    Thread thread = new Thread(runnable, NamedExecutors.ASYNC_PREFIX + "bounded");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            DefaultEmitter bounded = new DefaultEmitter(pool, 0, EmitterInstrumentation.NONE,
                    new AnnotatedListenerScanner(), null,
                    new AsyncSettings(policy, TIMEOUT, TIMEOUT));
            Ledger ledger = new Ledger();
            bounded.register(ledger);
            AtomicInteger unordered = new AtomicInteger();
            bounded.register(new Unordered(unordered));
            int producers = 4;
            int perProducer = 250;
            Map<Integer, List<Integer>> handedOver = new ConcurrentHashMap<>();
            AtomicInteger accepted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                List<Integer> expected = new ArrayList<>();
                handedOver.put(producer, expected);
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int seq = 0; seq < perProducer; seq++) {
                        try {
                            bounded.emit("ledger.entry", producer, seq);
                            expected.add(seq);
                        }
                        catch (AsyncOverflowException ex) {
                            // the ordered listener comes first: only a refusal of the unordered one means it was
                            // handed its event
                            if (!ex.getListenerId().equals("Ledger#record")) {
                                expected.add(seq);
                            }
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join(TIMEOUT.toMillis());
                assertThat(thread.isAlive()).as("producer still emitting").isFalse();
            }
            handedOver.values().forEach((seqs) -> accepted.addAndGet(seqs.size()));

            assertThat(bounded.shutdown(TIMEOUT)).as("every accepted invocation finished").isTrue();
            assertThat(bounded.statistics().pendingAsync()).isZero();
            assertThat(ledger.received).hasSize(accepted.get());
            assertThat(ledger.maxConcurrent.get()).as("invocations at once").isLessThanOrEqualTo(1);
            for (int p = 0; p < producers; p++) {
                int producer = p;
                assertThat(ledger.received.stream().filter((entry) -> entry[0] == producer).map((entry) -> entry[1]))
                    .as("producer %d under %s", producer, policy)
                    .containsExactlyElementsOf(handedOver.get(producer));
            }
            if (policy != AsyncOverflowPolicy.FAIL) {
                assertThat(accepted).hasValue(producers * perProducer);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void orderedListenerEmittingToItselfRunsTheNestedEventAfterTheCurrentOneWithoutDeadlock() {
        Emitter refusing = Emitter.builder().executor((task) -> {
            throw new RejectedExecutionException("always full");
        }).build();
        Countdown countdown = new Countdown(refusing);
        refusing.register(countdown);

        refusing.emit("tick", 3);

        assertThat(countdown.events).containsExactly("start 3", "end 3", "start 2", "end 2", "start 1", "end 1",
                "start 0", "end 0");
    }

    @Test
    void orderedListenersEmittingToEachOtherFromTwoThreadsUnderCallerRunsDoNotDeadlock() throws Exception {
        DefaultEmitter refusing = new DefaultEmitter((task) -> {
            throw new RejectedExecutionException("always full");
        }, 0, EmitterInstrumentation.NONE, new AnnotatedListenerScanner(), null,
                new AsyncSettings(AsyncOverflowPolicy.CALLER_RUNS, Duration.ofMillis(200), TIMEOUT));
        CrossTalk crossTalk = new CrossTalk(refusing);
        refusing.register(crossTalk);

        // each thread runs one ordered listener and, inside it, emits to the other one, which the other thread runs
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> refusing.emit("ping", "first"),
                this.executor);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> refusing.emit("pong", "second"),
                this.executor);

        assertThat(first).succeedsWithin(TIMEOUT);
        assertThat(second).succeedsWithin(TIMEOUT);
        assertThat(crossTalk.calls).containsExactlyInAnyOrder("ping first", "pong second", "pong from first",
                "ping from second");
        assertThat(refusing.statistics().pendingAsync()).isZero();
    }

    @Test
    void orderedWithoutAsyncIsADefinitionErrorNamingTheClassAndTheMethod() {
        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new OrderedButSync()))
            .withMessageContaining(OrderedButSync.class.getName())
            .withMessageContaining("onEvent")
            .withMessageContaining("async = true");
    }

    public static class Ledger {

        final List<int[]> received = new CopyOnWriteArrayList<>();

        final List<String> threads = new CopyOnWriteArrayList<>();

        final AtomicInteger active = new AtomicInteger();

        final AtomicInteger maxConcurrent = new AtomicInteger();

        @On(value = "ledger.entry", async = true, ordered = true)
        public void record(int producer, int seq) {
            int now = this.active.incrementAndGet();
            this.maxConcurrent.accumulateAndGet(now, Math::max);
            // a little work, so that overlapping invocations would be seen
            Thread.onSpinWait();
            this.received.add(new int[] { producer, seq });
            this.threads.add(Thread.currentThread().getName());
            this.active.decrementAndGet();
        }

    }

    public static class Unordered {

        private final AtomicInteger count;

        Unordered(AtomicInteger count) {
            this.count = count;
        }

        @On(value = "ledger.entry", async = true, order = 1)
        public void count() {
            this.count.incrementAndGet();
        }

    }

    public static class Overlapping {

        final CountDownLatch bothIn = new CountDownLatch(2);

        volatile boolean both;

        @On(value = "work", async = true)
        public void work() throws InterruptedException {
            // returns only once the other invocation has started too: possible only when they run at once
            this.bothIn.countDown();
            if (this.bothIn.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.both = true;
            }
        }

    }

    public static class Blocking {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<Integer> received = new CopyOnWriteArrayList<>();

        @On(value = "slow", async = true, ordered = true)
        public void handle(int value) throws InterruptedException {
            this.received.add(value);
            this.entered.countDown();
            this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

    }

    public static class OtherAsync {

        private final CompletableFuture<String> seen;

        OtherAsync(CompletableFuture<String> seen) {
            this.seen = seen;
        }

        @On(value = "other", async = true)
        public void handle() {
            this.seen.complete("async");
        }

    }

    public static class Flaky {

        final List<Integer> received = new CopyOnWriteArrayList<>();

        @On(value = "step", async = true, ordered = true)
        public void step(int value) {
            this.received.add(value);
            if (value == 2) {
                throw new IllegalStateException("step 2 broke");
            }
        }

    }

    public static class Staged {

        final List<Integer> started = new CopyOnWriteArrayList<>();

        final List<CompletableFuture<Void>> stages = new CopyOnWriteArrayList<>();

        @On(value = "stage", async = true, ordered = true)
        public CompletableFuture<Void> handle(int value) {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            this.stages.add(stage);
            this.started.add(value);
            return stage;
        }

    }

    public static class Countdown {

        final List<String> events = new CopyOnWriteArrayList<>();

        private final Emitter emitter;

        Countdown(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "tick", async = true, ordered = true)
        public void tick(int remaining) {
            this.events.add("start " + remaining);
            if (remaining > 0) {
                this.emitter.emit("tick", remaining - 1);
            }
            this.events.add("end " + remaining);
        }

    }

    public static class CrossTalk {

        final List<String> calls = new CopyOnWriteArrayList<>();

        private final CyclicBarrier bothRunning = new CyclicBarrier(2);

        private final Emitter emitter;

        CrossTalk(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "ping", async = true, ordered = true)
        public void ping(String from) throws Exception {
            this.calls.add("ping " + from);
            if (from.equals("first")) {
                this.bothRunning.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                this.emitter.emit("pong", "from first");
            }
        }

        @On(value = "pong", async = true, ordered = true)
        public void pong(String from) throws Exception {
            this.calls.add("pong " + from);
            if (from.equals("second")) {
                this.bothRunning.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                this.emitter.emit("ping", "from second");
            }
        }

    }

    public static class OrderedButSync {

        @On(value = "e", ordered = true)
        public void onEvent() {
        }

    }

}
