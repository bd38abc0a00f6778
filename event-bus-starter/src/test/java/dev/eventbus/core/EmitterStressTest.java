package dev.eventbus.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.awaitility.core.ConditionTimeoutException;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Threads emitting (sync and async), registering and removing at once, with sync and async listeners: every
 * accepted event reaches every listener registered for the whole run exactly once, once-listeners that come and go
 * fire at most once, nothing deadlocks (a timeout fails with a thread dump), and the registry ends as it started.
 * <p>
 * A few seconds by default; {@code ./mvnw -pl event-bus-starter test -Dtest=EmitterStressTest -Dsoak.duration=PT10M}
 * runs it as a soak. The run is cut into rounds so that the
 * per-event accounting stays bounded in memory however long it runs.
 */
class EmitterStressTest {

    static final String DURATION_PROPERTY = "soak.duration";

    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

    private static final Duration ROUND = Duration.ofSeconds(1);

    /** Generous, so that only a hang, not a slow shared machine, fails the test. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static final int PRODUCERS = 2;

    private static final int CHURNERS = 2;

    private static final int EVENTS_PER_PRODUCER_AND_ROUND = 1 << 21;

    private static final String TICK = "stress.tick";

    private static final String TOCK = "stress.tock";

    private final ThreadPoolExecutor asyncPool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4096), new ThreadPoolExecutor.CallerRunsPolicy());

    private final ExecutorService workers = Executors.newFixedThreadPool(PRODUCERS + CHURNERS);

    private final DefaultEmitter emitter = new DefaultEmitter(this.asyncPool, 0, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner());

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopThreads() {
        this.workers.shutdownNow();
        this.asyncPool.shutdownNow();
    }

    @Test
    void everyAcceptedEventReachesEveryStableListenerExactlyOnceWhileListenersChurn() throws Exception {
        Duration duration = configuredDuration();
        Ledger ledger = new Ledger();
        List<Subscription> stable = List.of(
                this.emitter.on(TICK, ledger.listener(0, TICK)),
                this.emitter.prependListener("stress.*", ledger.listener(1, "stress.*")),
                this.emitter.register(new StableBean(ledger)));
        EmitterFootprint before = this.emitter.footprint();
        Set<String> names = this.emitter.eventNames();
        Totals totals = new Totals();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();

        while (System.nanoTime() < deadline) {
            long roundEnd = Math.min(deadline, System.nanoTime() + ROUND.toNanos());
            runRound(ledger, roundEnd, totals);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(this.violations).isEmpty();
        assertThat(stable).allMatch(Subscription::isActive);
        // plans are cached per registry version: the last version has plans of its own
        assertThat(this.emitter.footprint()).usingRecursiveComparison().ignoringFields("cachedPlans").isEqualTo(before);
        assertThat(this.emitter.eventNames()).isEqualTo(names);
        assertThat(totals.events.get()).isPositive();
        assertThat(totals.churn.get()).isPositive();
        System.out.println(totals.summary(elapsed));
    }

    private void runRound(Ledger ledger, long roundEnd, Totals totals) throws Exception {
        ledger.startRound();
        long[] emitted = new long[PRODUCERS];
        AtomicLong asyncIssued = new AtomicLong();
        AtomicLong asyncCompleted = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (int producer = 0; producer < PRODUCERS; producer++) {
            int id = producer;
            running.add(this.workers.submit(() -> {
                emitted[id] = produce(id, roundEnd, asyncIssued, asyncCompleted);
                return null;
            }));
        }
        List<Churner> churners = new ArrayList<>();
        for (int churner = 0; churner < CHURNERS; churner++) {
            Churner task = new Churner(new Random(churner * 31L + roundEnd), roundEnd);
            churners.add(task);
            running.add(this.workers.submit(task));
        }
        for (Future<?> future : running) {
            try {
                future.get(Duration.ofNanos(roundEnd - System.nanoTime()).plus(HANG).toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException ex) {
                fail("A stress thread did not finish its round: a deadlock or a hang\n" + threadDump());
            }
        }
        awaitOrDump("async work to drain", () -> asyncCompleted.get() == asyncIssued.get()
                && this.emitter.statistics().pendingAsync() == 0);
        for (Churner churner : churners) {
            churner.verifyOnceListeners();
            totals.churn.addAndGet(churner.operations);
        }
        for (int producer = 0; producer < PRODUCERS; producer++) {
            totals.events.addAndGet(emitted[producer]);
        }
        totals.deliveries.addAndGet(ledger.verify(emitted));
        totals.rounds.incrementAndGet();
    }

    /** Emits alternately {@value #TICK} and {@value #TOCK}, every fourth one with emitAsync. */
    private long produce(int producer, long roundEnd, AtomicLong asyncIssued, AtomicLong asyncCompleted) {
        int seq = 0;
        while (seq < EVENTS_PER_PRODUCER_AND_ROUND && ((seq & 63) != 0 || System.nanoTime() < roundEnd)) {
            String name = ((seq & 1) == 0) ? TICK : TOCK;
            if ((seq & 3) == 3) {
                asyncIssued.incrementAndGet();
                this.emitter.emitAsync(name, producer, seq).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        this.violations.add("emitAsync of " + name + " failed: " + failure);
                    }
                    asyncCompleted.incrementAndGet();
                });
            }
            else if (!this.emitter.emit(name, producer, seq)) {
                this.violations.add("emit of " + name + " reached no listener");
            }
            seq++;
        }
        return seq;
    }

    /** Registers and removes listeners of every kind on the names being emitted, as fast as it can. */
    private final class Churner implements java.util.concurrent.Callable<Void> {

        private final Random random;

        private final long roundEnd;

        private final List<OnceProbe> onceProbes = new ArrayList<>();

        long operations;

        Churner(Random random, long roundEnd) {
            this.random = random;
            this.roundEnd = roundEnd;
        }

        @Override
        public Void call() throws Exception {
            DefaultEmitter emitter = EmitterStressTest.this.emitter;
            Listener noop = (event) -> {
            };
            while (System.nanoTime() < this.roundEnd) {
                switch (this.random.nextInt(8)) {
                    case 0 -> emitter.on(TICK, noop).close();
                    case 1 -> {
                        emitter.prependListener("stress.**", noop);
                        emitter.listeners(TICK);
                        emitter.off("stress.**", noop);
                    }
                    case 2 -> {
                        OnceProbe probe = new OnceProbe();
                        this.onceProbes.add(probe);
                        probe.subscription = (this.random.nextBoolean() ? emitter.once("stress.*", probe)
                                : emitter.prependOnceListener(TOCK, probe));
                    }
                    case 3 -> {
                        Subscription subscription = emitter.register(new ChurnBean());
                        emitter.listenerCount(TOCK);
                        subscription.close();
                    }
                    case 4 -> {
                        CompletableFuture<Event> next = emitter.next(TOCK);
                        long left = this.roundEnd - System.nanoTime();
                        if (this.random.nextBoolean() || left <= 0) {
                            next.cancel(false);
                        }
                        else {
                            try {
                                next.get(left, TimeUnit.NANOSECONDS);
                            }
                            catch (TimeoutException ex) {
                                // the producers stopped before the next tock
                                next.cancel(false);
                            }
                        }
                    }
                    case 5 -> {
                        emitter.on("churn.only", noop);
                        emitter.on("churn.only", noop);
                        emitter.removeAllListeners("churn.only");
                    }
                    case 6 -> {
                        Subscription subscription = emitter.on("removeListener", noop);
                        emitter.eventNames();
                        subscription.close();
                    }
                    default -> emitter.emit("churn.ping");
                }
                this.operations++;
            }
            for (OnceProbe probe : this.onceProbes) {
                probe.subscription.close();
            }
            return null;
        }

        void verifyOnceListeners() {
            for (OnceProbe probe : this.onceProbes) {
                if (probe.calls.get() > 1) {
                    EmitterStressTest.this.violations.add("a once-listener was called " + probe.calls + " times");
                }
            }
        }
    }

    static final class OnceProbe implements Listener {

        final AtomicLong calls = new AtomicLong();

        @Nullable Subscription subscription;

        @Override
        public void onEvent(Event event) {
            this.calls.incrementAndGet();
        }
    }

    /**
     * Counts, per stable listener and producer, the calls each event got; cleared every round.
     */
    private final class Ledger {

        /** Listener slots: 0 on(TICK), 1 prepend("stress.*"), 2..4 the bean's methods. */
        static final int LISTENERS = 5;

        private final String[] patterns = new String[LISTENERS];

        private volatile AtomicIntegerArray[][] counts = new AtomicIntegerArray[0][];

        Listener listener(int slot, String pattern) {
            this.patterns[slot] = pattern;
            return (event) -> record(slot, event.name(), event.arg(0, Integer.class), event.arg(1, Integer.class));
        }

        void pattern(int slot, String pattern) {
            this.patterns[slot] = pattern;
        }

        void record(int slot, String name, @Nullable Integer producer, @Nullable Integer seq) {
            if (producer == null || seq == null || (!name.equals(TICK) && !name.equals(TOCK))) {
                EmitterStressTest.this.violations.add("listener " + slot + " received an event it never asked for: "
                        + name + " " + producer + " " + seq);
                return;
            }
            this.counts[slot][producer].incrementAndGet(seq);
        }

        void startRound() {
            AtomicIntegerArray[][] fresh = new AtomicIntegerArray[LISTENERS][PRODUCERS];
            for (AtomicIntegerArray[] perListener : fresh) {
                for (int producer = 0; producer < PRODUCERS; producer++) {
                    perListener[producer] = new AtomicIntegerArray(EVENTS_PER_PRODUCER_AND_ROUND);
                }
            }
            this.counts = fresh;
        }

        /** Checks every (listener, event) count of the round and returns the deliveries. */
        long verify(long[] emitted) {
            long deliveries = 0;
            List<String> wrong = new ArrayList<>();
            for (int slot = 0; slot < LISTENERS; slot++) {
                boolean hearsTick = EmitterModelTest.matches(this.patterns[slot], TICK);
                boolean hearsTock = EmitterModelTest.matches(this.patterns[slot], TOCK);
                for (int producer = 0; producer < PRODUCERS; producer++) {
                    AtomicIntegerArray calls = this.counts[slot][producer];
                    for (int seq = 0; seq < EVENTS_PER_PRODUCER_AND_ROUND; seq++) {
                        boolean tick = (seq & 1) == 0;
                        boolean expected = seq < emitted[producer] && (tick ? hearsTick : hearsTock);
                        int count = calls.get(seq);
                        deliveries += count;
                        if (count != (expected ? 1 : 0) && wrong.size() < 20) {
                            wrong.add("listener '" + this.patterns[slot] + "' got event (producer " + producer
                                    + ", seq " + seq + ", " + (tick ? TICK : TOCK) + ") " + count + " times");
                        }
                    }
                }
            }
            EmitterStressTest.this.violations.addAll(wrong);
            return deliveries;
        }
    }

    /** Registered for the whole run: a sync method, an async one, and an async one that returns a stage. */
    public static final class StableBean {

        private final Ledger ledger;

        StableBean(Ledger ledger) {
            this.ledger = ledger;
            ledger.pattern(2, "stress.**");
            ledger.pattern(3, "stress.*");
            ledger.pattern(4, TICK);
        }

        @On(value = { "stress.**", TICK }, order = -1)
        public void sync(Event event, int producer, int seq) {
            this.ledger.record(2, event.name(), producer, seq);
        }

        @On(value = "stress.*", async = true)
        public void async(Event event, int producer, int seq) {
            this.ledger.record(3, event.name(), producer, seq);
        }

        @On(value = TICK, async = true, order = 5)
        public CompletionStage<Void> staged(Event event, int producer, int seq) {
            this.ledger.record(4, event.name(), producer, seq);
            return CompletableFuture.completedFuture(null);
        }

    }

    public static class ChurnBean {

        @On({ "stress.*", TICK })
        public void overlapping() {
        }

        @On(value = TOCK, async = true)
        public void async() {
        }

        @On(value = "stress.**", once = true)
        public void once() {
        }

    }

    static final class Totals {

        final AtomicLong events = new AtomicLong();

        final AtomicLong deliveries = new AtomicLong();

        final AtomicLong churn = new AtomicLong();

        final AtomicLong rounds = new AtomicLong();

        String summary(Duration elapsed) {
            double seconds = elapsed.toNanos() / 1e9;
            return String.format("Stress: %d events (%.0f/s), %d checked deliveries, %d registry operations "
                    + "(%.0f/s), %d rounds in %.1f s on %d cores, Java %s %s", this.events.get(),
                    this.events.get() / seconds, this.deliveries.get(), this.churn.get(), this.churn.get() / seconds,
                    this.rounds.get(), seconds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), System.getProperty("os.arch"));
        }
    }

    private static Duration configuredDuration() {
        String configured = System.getProperty(DURATION_PROPERTY);
        return (configured != null && !configured.isBlank()) ? Duration.parse(configured.trim()) : DEFAULT_DURATION;
    }

    private void awaitOrDump(String what, BooleanSupplier condition) {
        try {
            await().atMost(HANG).pollInterval(Duration.ofMillis(2)).until(condition::getAsBoolean);
        }
        catch (ConditionTimeoutException ex) {
            fail("Timed out waiting for " + what + "\n" + threadDump());
        }
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (deadlocked != null) {
            dump.append("Deadlocked threads:\n");
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().getThreadInfo(deadlocked, true, true)) {
                dump.append(info);
            }
        }
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            dump.append('"').append(thread.getKey().getName()).append("\" ").append(thread.getKey().getState())
                .append('\n');
            for (StackTraceElement frame : thread.getValue()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }

}
