package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.UnhandledErrorException;
import dev.eventbus.standalone.StandaloneEmitterBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The calls an {@link EmitInterceptor} sees, in order and on the right threads.
 */
class EmitInterceptorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TrackingExecutor executor = new TrackingExecutor(1);

    private final JournalInterceptor journal = new JournalInterceptor("j");

    private final DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner(), this.journal);

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void syncEmitIsSeenAroundEachListenerRun() {
        this.emitter.on("order.placed", (event) -> this.journal.add("listener ran"));

        this.emitter.emit("order.placed", 42);

        assertThat(this.journal.entries).containsExactly("j emit order.placed [42] sync",
                "j listener order.placed lambda", "listener ran", "j returned lambda", "j finished lambda null",
                "j close order.placed DELIVERED null");
    }

    @Test
    void unhandledEmitIsSeenWithItsOutcome() {
        this.emitter.emit("nobody.listens");

        assertThat(this.journal.entries).containsExactly("j emit nobody.listens [] sync",
                "j close nobody.listens UNHANDLED null");
    }

    @Test
    void syncFailureIsSeenByTheRunAndTheEmitScope() {
        IllegalStateException boom = new IllegalStateException("boom");
        this.emitter.on("e", (event) -> {
            throw boom;
        });

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.emitter.emit("e"));

        assertThat(this.journal.entries).containsExactly("j emit e [] sync", "j listener e lambda",
                "j returned lambda", "j finished lambda boom", "j close e FAILED boom");
    }

    @Test
    void unhandledErrorEmitIsClosedWithWhatItThrows() {
        assertThatExceptionOfType(UnhandledErrorException.class).isThrownBy(() -> this.emitter.emit("error", "x"));

        assertThat(this.journal.entries).hasSize(2)
            .last()
            .asString()
            .startsWith("j close error UNHANDLED ");
    }

    @Test
    void asyncListenerRunsOnTheExecutorInsideTheDecoratedTask() throws Exception {
        AsyncListener listener = new AsyncListener(this.journal);
        this.emitter.register(listener);

        this.emitter.emitAsync("job.run", "a").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // the future completes inside the task, so its end is awaited
        await().atMost(TIMEOUT).until(() -> this.journal.entries.contains("j task ends"));

        // the emitting thread and the executor's run concurrently, so each one's order is checked on its own
        assertThat(this.journal.entries).hasSize(9)
            .containsSubsequence("j emit job.run [a] async", "j decorate", "j close job.run DELIVERED null")
            .containsSubsequence("j decorate", "j task starts", "j listener job.run job", "async ran",
                    "j returned job", "j finished job null", "j task ends");
        assertThat(listener.thread).startsWith(NamedExecutors.ASYNC_PREFIX);
    }

    @Test
    void stageListenerIsFinishedWhenItsStageCompletes() {
        StageListener listener = new StageListener();
        this.emitter.register(listener);

        this.emitter.emit("e");
        assertThat(this.journal.entries).containsExactly("j emit e [] sync", "j listener e stage",
                "j returned stage", "j close e DELIVERED null");

        listener.stage.completeExceptionally(new IllegalStateException("late"));
        assertThat(this.journal.entries).contains("j finished stage late");
    }

    @Test
    void errorEventTheEmitterRaisesItselfIsSeenAsAnEmit() {
        this.emitter.on("error", (event) -> this.journal.add("error listener ran"));
        this.emitter.register(new FailingAsyncListener());

        this.emitter.emit("job.run");

        await().atMost(TIMEOUT).until(() -> this.journal.entries.contains("error listener ran"));
        await().atMost(TIMEOUT).until(() -> this.journal.entries.contains("j close error DELIVERED null"));
        assertThat(this.journal.entries).contains("j finished failing async failed", "j emit error [java.lang.IllegalStateException: async failed, "
                + "ListenerFailure[event=job.run, listenerId=failing, args=[]]] sync");
    }

    @Test
    void severalInterceptorsStartInOrderAndCloseInReverse() {
        List<String> shared = new CopyOnWriteArrayList<>();
        JournalInterceptor first = new JournalInterceptor("1", shared);
        JournalInterceptor second = new JournalInterceptor("2", shared);
        DefaultEmitter both = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), EmitInterceptor.of(List.of(first, second)));
        both.on("e", (event) -> shared.add("listener ran"));

        both.emit("e");

        assertThat(shared).containsExactly("1 emit e [] sync", "2 emit e [] sync", "1 listener e lambda",
                "2 listener e lambda", "listener ran", "2 returned lambda", "1 returned lambda",
                "2 finished lambda null", "1 finished lambda null", "2 close e DELIVERED null",
                "1 close e DELIVERED null");
    }

    @Test
    void standaloneBuilderInstallsInterceptorsInOrder() {
        List<String> shared = new CopyOnWriteArrayList<>();
        Emitter built = new StandaloneEmitterBuilder().maxListeners(3)
            .interceptor(new JournalInterceptor("1", shared))
            .interceptor(new JournalInterceptor("2", shared))
            .executor(Runnable::run)
            .build();

        built.emit("nobody.listens", "x");

        assertThat(shared).containsExactly("1 emit nobody.listens [x] sync", "2 emit nobody.listens [x] sync",
                "2 close nobody.listens UNHANDLED null", "1 close nobody.listens UNHANDLED null");
        assertThat(built.getMaxListeners()).isEqualTo(3);
    }

    @Test
    void emitterBuilderIsTheStandaloneBuilderThatTakesInterceptors() {
        assertThat(Emitter.builder()).isInstanceOf(StandaloneEmitterBuilder.class)
            .isInstanceOf(InterceptableBuilder.class);
    }

    @Test
    void builderOfAnotherKindIsRejectedByName() {
        Emitter.Builder foreign = new ForeignBuilder();

        assertThatIllegalArgumentException().isThrownBy(() -> InterceptableBuilder.of(foreign))
            .withMessageContaining(foreign.getClass().getName())
            .withMessageContaining("Emitter.builder()");
    }

    @Test
    void eachEmitterTellsItsInterceptorsOnceThatTheyAreInstalled() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        EmitInterceptor both = EmitInterceptor.of(List.of(new CountingInstalls(first), new CountingInstalls(second)));

        new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE, new AnnotatedListenerScanner(), both);
        new StandaloneEmitterBuilder().interceptor(new CountingInstalls(first)).build();

        assertThat(first).hasValue(2);
        assertThat(second).hasValue(1);
    }

    @Test
    void noInterceptorsMeansNone() {
        assertThat(EmitInterceptor.of(List.of())).isNull();
        assertThat(EmitInterceptor.of(List.of(this.journal))).isSameAs(this.journal);
    }

    @Test
    void decorateOnlyInterceptorIsCalledAtAsyncHandOffsOnly() throws Exception {
        List<String> shared = new CopyOnWriteArrayList<>();
        DecoratingOnly decorating = new DecoratingOnly(shared);
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), decorating);
        emitter.on("e", (event) -> shared.add("sync ran"));
        emitter.register(new AsyncListener(new JournalInterceptor("unused", shared)));

        emitter.emit("e");
        emitter.emitAsync("job.run", "a").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> shared.contains("d task ends"));

        assertThat(shared).containsExactly("sync ran", "d decorate", "d task starts", "async ran", "d task ends");
        assertThat(emitter).extracting("dispatcher.interceptor").isNull();
    }

    @Test
    void decorateOnlyInterceptorInACombinationSeesNoEmitButWrapsHandOffs() throws Exception {
        List<String> shared = new CopyOnWriteArrayList<>();
        JournalInterceptor journal = new JournalInterceptor("j", shared);
        EmitInterceptor both = EmitInterceptor.of(List.of(new DecoratingOnly(shared), journal));
        DefaultEmitter emitter = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), both);
        emitter.register(new AsyncListener(journal));

        emitter.emitAsync("job.run", "a").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> shared.contains("d task ends"));

        assertThat(both.decoratesOnly()).isFalse();
        assertThat(shared).noneMatch((entry) -> entry.startsWith("d emit") || entry.startsWith("d listener"))
            // the first interceptor's wrapper is the outermost
            .containsSubsequence("j decorate", "d decorate", "d task starts", "j task starts",
                    "j listener job.run job", "async ran", "j task ends", "d task ends");
        assertThat(EmitInterceptor.of(List.of(new DecoratingOnly(shared), new DecoratingOnly(shared)))
            .decoratesOnly()).isTrue();
    }

    @Test
    void noneIsLeftOutOfACombination() {
        assertThat(EmitInterceptor.of(List.of(EmitInterceptor.NONE))).isNull();
        assertThat(EmitInterceptor.of(List.of(EmitInterceptor.NONE, this.journal, EmitInterceptor.NONE)))
            .isSameAs(this.journal);
    }

    @Test
    void emitterGivenNoneInstallsNoInterceptor() {
        DefaultEmitter none = new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), EmitInterceptor.NONE);

        assertThat(none).extracting("dispatcher.interceptor").isNull();
    }

    private record CountingInstalls(AtomicInteger installs) implements EmitInterceptor {

        @Override
        public void installed() {
            this.installs.incrementAndGet();
        }

        @Override
        public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
            return (outcome, failure) -> {
            };
        }

        @Override
        public ListenerRun listenerStarted(String event, ListenerInfo listener) {
            throw new UnsupportedOperationException();
        }

    }

    private static final class ForeignBuilder implements Emitter.Builder {

        @Override
        public Emitter.Builder executor(java.util.concurrent.Executor executor) {
            return this;
        }

        @Override
        public Emitter.Builder maxListeners(int max) {
            return this;
        }

        @Override
        public Emitter.Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            return this;
        }

        @Override
        public Emitter build() {
            throw new UnsupportedOperationException();
        }

    }

    static class AsyncListener {

        private final JournalInterceptor journal;

        volatile @Nullable String thread;

        AsyncListener(JournalInterceptor journal) {
            this.journal = journal;
        }

        @On(value = "job.run", async = true, id = "job")
        void run() {
            this.thread = Thread.currentThread().getName();
            this.journal.add("async ran");
        }

    }

    static class StageListener {

        final CompletableFuture<Void> stage = new CompletableFuture<>();

        @On(value = "e", id = "stage")
        CompletableFuture<Void> run() {
            return this.stage;
        }

    }

    static class FailingAsyncListener {

        @On(value = "job.run", async = true, id = "failing")
        void run() {
            throw new IllegalStateException("async failed");
        }

    }

    /**
     * Wraps async hand-offs only, and fails the test if it is called for anything else.
     */
    static final class DecoratingOnly implements EmitInterceptor {

        private final List<String> entries;

        DecoratingOnly(List<String> entries) {
            this.entries = entries;
        }

        @Override
        public boolean decoratesOnly() {
            return true;
        }

        @Override
        public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
            this.entries.add("d emit " + event);
            throw new AssertionError("a decorate-only interceptor saw the emit of " + event);
        }

        @Override
        public ListenerRun listenerStarted(String event, ListenerInfo listener) {
            this.entries.add("d listener " + listener.id());
            throw new AssertionError("a decorate-only interceptor saw the run of " + listener.id());
        }

        @Override
        public Runnable decorate(Runnable task) {
            this.entries.add("d decorate");
            return () -> {
                this.entries.add("d task starts");
                try {
                    task.run();
                }
                finally {
                    this.entries.add("d task ends");
                }
            };
        }

    }

    /**
     * Writes every call it sees as one line.
     */
    static final class JournalInterceptor implements EmitInterceptor {

        private final String name;

        final List<String> entries;

        JournalInterceptor(String name) {
            this(name, new CopyOnWriteArrayList<>());
        }

        JournalInterceptor(String name, List<String> entries) {
            this.name = name;
            this.entries = entries;
        }

        void add(String entry) {
            this.entries.add(entry);
        }

        @Override
        public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
            add(this.name + " emit " + event + " " + List.of(args) + (async ? " async" : " sync"));
            return (outcome, failure) -> add(this.name + " close " + event + " " + outcome + " " + message(failure));
        }

        @Override
        public ListenerRun listenerStarted(String event, ListenerInfo listener) {
            add(this.name + " listener " + event + " " + listener.id());
            return new ListenerRun() {

                @Override
                public void returned() {
                    add(JournalInterceptor.this.name + " returned " + listener.id());
                }

                @Override
                public void finished(@Nullable Throwable failure) {
                    add(JournalInterceptor.this.name + " finished " + listener.id() + " " + message(failure));
                }
            };
        }

        @Override
        public Runnable decorate(Runnable task) {
            add(this.name + " decorate");
            return () -> {
                add(this.name + " task starts");
                try {
                    task.run();
                }
                finally {
                    add(this.name + " task ends");
                }
            };
        }

        private static @Nullable String message(@Nullable Throwable failure) {
            return (failure != null) ? failure.getMessage() : null;
        }

    }

}
