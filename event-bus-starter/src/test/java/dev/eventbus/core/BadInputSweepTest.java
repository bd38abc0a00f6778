package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every public method of the API called with null, blank, malformed and out-of-range arguments, and listeners that
 * throw {@link Error}s or block: each bad call fails with an error that names the offending value, and afterwards
 * the emitter is exactly as it was and keeps working.
 */
class BadInputSweepTest {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService executor = NamedExecutors.async(2);

    private final DefaultEmitter emitter = (DefaultEmitter) Emitter.builder().executor(this.executor).build();

    private final Queue<Object> sentinel = new ConcurrentLinkedQueue<>();

    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

    private int sentinelEmits;

    @BeforeEach
    void registerSentinels() {
        this.emitter.on("sentinel", (event) -> this.sentinel.add(event.name()));
        this.emitter.on("order.*", (event) -> {
        });
        this.emitter.register(new AsyncSentinel(this.sentinel));
    }

    @AfterEach
    void stopExecutor() {
        this.executor.shutdownNow();
    }

    // ---- arguments

    @FunctionalInterface
    interface Call {

        void on(DefaultEmitter emitter) throws Throwable;

    }

    static Stream<Arguments> badCalls() {
        Listener listener = (event) -> {
        };
        List<Arguments> calls = new ArrayList<>();
        for (String name : new String[] { null, "", "  ", "a..b", "order.", "ord*r" }) {
            String quoted = (name != null) ? "'" + name + "'" : "null";
            String shown = (name != null) ? "(" + quoted + ")" : "(null)";
            calls.add(bad("emit" + shown, (emitter) -> emitter.emit(name, 1), quoted));
            calls.add(bad("emitAsync" + shown, (emitter) -> emitter.emitAsync(name, 1), quoted));
            calls.add(bad("on" + shown, (emitter) -> emitter.on(name, listener), quoted));
            calls.add(bad("once" + shown, (emitter) -> emitter.once(name, listener), quoted));
            calls.add(bad("prependListener" + shown, (emitter) -> emitter.prependListener(name, listener), quoted));
            calls.add(bad("prependOnceListener" + shown, (emitter) -> emitter.prependOnceListener(name, listener),
                    quoted));
            calls.add(bad("off" + shown, (emitter) -> emitter.off(name, listener), quoted));
            calls.add(bad("removeAllListeners" + shown, (emitter) -> emitter.removeAllListeners(name), quoted));
            calls.add(bad("listenerCount" + shown, (emitter) -> emitter.listenerCount(name), quoted));
            calls.add(bad("listeners" + shown, (emitter) -> emitter.listeners(name), quoted));
            calls.add(bad("next" + shown, (emitter) -> emitter.next(name), quoted));
            calls.add(bad("many" + shown, (emitter) -> emitter.many(name, 2, listener), quoted));
            calls.add(bad("rawListeners" + shown, (emitter) -> emitter.rawListeners(name), quoted));
            calls.add(bad("stream" + shown, (emitter) -> emitter.stream(name), quoted));
        }
        calls.add(bad("many(null listener)", (emitter) -> emitter.many("e", 2, null), "Listener must not be null"));
        calls.add(bad("many('e', 0)", (emitter) -> emitter.many("e", 0, listener), "times was 0"));
        calls.add(bad("listenerCount('e', null)", (emitter) -> emitter.listenerCount("e", null),
                "Listener must not be null"));
        calls.add(bad("emit('order.*')", (emitter) -> emitter.emit("order.*"), "'order.*'"));
        calls.add(bad("emitAsync('**')", (emitter) -> emitter.emitAsync("**"), "'**'"));
        calls.add(bad("listenerCount('order.*')", (emitter) -> emitter.listenerCount("order.*"), "'order.*'"));
        calls.add(bad("listeners('**')", (emitter) -> emitter.listeners("**"), "'**'"));
        calls.add(bad("on(null listener)", (emitter) -> emitter.on("e", null), "Listener must not be null"));
        calls.add(bad("once(null listener)", (emitter) -> emitter.once("e", null), "Listener must not be null"));
        calls.add(bad("prependListener(null listener)", (emitter) -> emitter.prependListener("e", null),
                "Listener must not be null"));
        calls.add(bad("prependOnceListener(null listener)", (emitter) -> emitter.prependOnceListener("e", null),
                "Listener must not be null"));
        calls.add(bad("off(null listener)", (emitter) -> emitter.off("order.*", null), "Listener must not be null"));
        calls.add(bad("register(null)", (emitter) -> emitter.register((Object) null), "Bean must not be null"));
        calls.add(bad("register(object without @On)", (emitter) -> emitter.register(new Object()),
                "java.lang.Object: it has no @On methods"));
        calls.add(bad("register(a Class)", (emitter) -> emitter.register(AsyncSentinel.class),
                AsyncSentinel.class.getName() + ": register() takes an object"));
        calls.add(bad("register(a lambda)", (emitter) -> emitter.register(listener), "it has no @On methods"));
        calls.add(arguments("register(half-invalid bean)",
                (Call) (emitter) -> emitter.register(new HalfInvalidBean()), ListenerDefinitionException.class,
                "HalfInvalidBean"));
        calls.add(bad("setMaxListeners(-1)", (emitter) -> emitter.setMaxListeners(-1), "but was -1"));
        calls.add(bad("setMaxListeners(MIN_VALUE)", (emitter) -> emitter.setMaxListeners(Integer.MIN_VALUE),
                "but was " + Integer.MIN_VALUE));
        calls.add(bad("setMaxDepth(0)", (emitter) -> emitter.setMaxDepth(0), "but was 0"));
        calls.add(bad("setMaxDepth(-64)", (emitter) -> emitter.setMaxDepth(-64), "but was -64"));
        return calls.stream();
    }

    private static Arguments bad(String call, Call action, String message) {
        return arguments(call, action, IllegalArgumentException.class, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badCallFailsNamingTheValueAndLeavesTheEmitterAsItWas(String call, Call action,
            Class<? extends Throwable> expected, String message) {
        State before = State.of(this.emitter);

        Throwable thrown = catchThrowable(() -> action.on(this.emitter));

        assertThat(thrown).as(call).isInstanceOf(expected).hasMessageContaining(message);
        assertUnchangedAndWorking(before);
    }

    @Test
    void validButUnusualArgumentsAreAcceptedAndChangeNothingElse() {
        State before = State.of(this.emitter);
        Listener unknown = (event) -> {
        };

        assertThat(this.emitter.off("order.*", unknown)).isFalse();
        assertThat(this.emitter.off("never.registered", unknown)).isFalse();
        assertThat(this.emitter.removeAllListeners("never.registered")).isZero();
        assertThat(this.emitter.listenerCount("never.registered")).isZero();
        assertThat(this.emitter.listeners("never.registered")).isEmpty();
        assertThat(this.emitter.emit("never.registered", (Object[]) null)).isFalse();
        assertThat(this.emitter.emitAsync("never.registered", new Object[] { null, null })).succeedsWithin(WAIT);
        this.emitter.next("never.registered").cancel(false);
        this.emitter.setMaxListeners(Integer.MAX_VALUE);
        this.emitter.setMaxListeners(10);
        this.emitter.setMaxDepth(Integer.MAX_VALUE);
        this.emitter.setMaxDepth(DefaultEmitter.DEFAULT_MAX_DEPTH);

        assertUnchangedAndWorking(before);
    }

    @Test
    void nullArgumentArrayIsNoArgumentsAndNullArgumentsReachListenersAsNull() {
        List<List<Object>> received = new ArrayList<>();
        this.emitter.on("args", (event) -> received.add(event.args()));

        this.emitter.emit("args", (Object[]) null);
        this.emitter.emit("args", (Object) null);
        this.emitter.emit("args", null, "b", null);

        assertThat(received).containsExactly(List.of(), Arrays.asList((Object) null),
                Arrays.asList(null, "b", null));
    }

    @Test
    void builderRejectsBadArgumentsNamingThemAndStillBuildsWithItsEarlierSettings() {
        Emitter.Builder builder = Emitter.builder().maxListeners(3).maxDepth(7);

        assertThatIllegalArgumentException().isThrownBy(() -> builder.executor(null))
            .withMessage("Executor must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxListeners(-1))
            .withMessageContaining("but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxDepth(0)).withMessageContaining("but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxDepth(Integer.MIN_VALUE))
            .withMessageContaining("but was " + Integer.MIN_VALUE);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.meterRegistry((MeterRegistry) null))
            .withMessage("MeterRegistry must not be null");

        DefaultEmitter built = (DefaultEmitter) builder.build();
        assertThat(built.getMaxListeners()).isEqualTo(3);
        assertThat(built.getMaxDepth()).isEqualTo(7);
        AtomicInteger calls = new AtomicInteger();
        built.on("e", (event) -> calls.incrementAndGet());
        assertThat(built.emit("e")).isTrue();
        assertThat(builder.build()).as("a builder builds independent emitters").isNotSameAs(built);
        assertThat(calls).hasValue(1);
    }

    @Test
    void eventRejectsOutOfRangeAndMistypedAccessWithoutDisturbingOtherListeners() {
        List<Object> results = new ArrayList<>();
        this.emitter.on("probe", (event) -> {
            results.add(String.valueOf(event.arg(-1)));
            results.add(String.valueOf(event.arg(2)));
            results.add(String.valueOf(event.arg(Integer.MAX_VALUE, String.class)));
            results.add(String.valueOf(event.arg(1, String.class)));
            results.add(event.arg(0, int.class));
            results.add(catchThrowable(() -> event.arg(0, String.class)).getMessage());
            results.add(catchThrowable(() -> event.arg(0, null)).getMessage());
            results.add(catchThrowable(() -> event.args().add("x")).getClass().getSimpleName());
            Throwable outOfRange = catchThrowable(() -> event.args().get(5));
            results.add((outOfRange instanceof IndexOutOfBoundsException) ? outOfRange.getMessage() : outOfRange);
        });
        this.emitter.on("probe", (event) -> results.add("next listener ran"));

        assertThat(this.emitter.emit("probe", 42, null)).isTrue();

        assertThat(results).containsExactly("null", "null", "null", "null", 42,
                "Argument 0 of event 'probe' is a java.lang.Integer, not a java.lang.String",
                "Type must not be null (argument 0 of event 'probe')", "UnsupportedOperationException",
                "Index 5 out of bounds for length 2", "next listener ran");
    }

    @Test
    void subscriptionCloseIsIdempotentEvenAfterItsListenersWereRemovedOtherwise() {
        State before = State.of(this.emitter);
        Subscription temporary = this.emitter.register(new TwoMethodBean());
        Subscription once = this.emitter.once("once.fired", (event) -> {
        });
        Subscription removed = this.emitter.on("removed.elsewhere", (event) -> {
        });

        this.emitter.emit("once.fired");
        this.emitter.removeAllListeners("removed.elsewhere");
        temporary.close();
        temporary.close();
        once.close();
        removed.close();
        removed.close();

        assertThat(temporary.isActive()).isFalse();
        assertThat(once.isActive()).isFalse();
        assertThat(removed.isActive()).isFalse();
        assertUnchangedAndWorking(before);
    }

    // ---- errors

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("OutOfMemoryError", (Supplier<Error>) () -> new OutOfMemoryError("simulated: Java heap space")),
                arguments("StackOverflowError", (Supplier<Error>) StackOverflowError::new),
                arguments("AssertionError", (Supplier<Error>) () -> new AssertionError("listener invariant broken")),
                arguments("custom Error", (Supplier<Error>) () -> new CorruptedStateError("cache corrupted")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorFromASyncListenerPropagatesAsTheSameInstanceAndTheEmitterKeepsWorking(String kind,
            Supplier<Error> errors) {
        Error error = errors.get();
        State before = State.of(this.emitter);
        Subscription once = this.emitter.once("explode", (event) -> {
            throw error;
        });
        Subscription failing = this.emitter.on("explode", (event) -> {
            throw error;
        });
        List<String> later = new ArrayList<>();
        Subscription after = this.emitter.on("explode", (event) -> later.add("called"));

        assertThat(catchThrowable(() -> this.emitter.emit("explode"))).as("from the once-listener").isSameAs(error);
        assertThat(once.isActive()).as("a once-listener is removed before it is called").isFalse();
        assertThat(this.emitter.emitAsync("explode")).failsWithin(WAIT).withThrowableThat()
            .havingRootCause().isSameAs(error);

        assertThat(later).isEmpty();
        failing.close();
        after.close();
        assertUnchangedAndWorking(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorFromAnAsyncListenerOrAStageReachesErrorAndTheEmitterKeepsWorking(String kind, Supplier<Error> errors) {
        Error error = errors.get();
        Error stageError = errors.get();
        State before = State.of(this.emitter);
        Subscription reporting = this.emitter.on("error", (event) -> this.errors.add(event.arg(0, Throwable.class)));
        Subscription failing = this.emitter.register(new FailingAsyncBean(error, stageError));

        this.emitter.emit("explode.later");

        soon().until(() -> this.errors.size() == 2);
        assertThat(this.errors).containsExactlyInAnyOrder(error, stageError);
        soon().until(() -> this.emitter.statistics().pendingAsync() == 0);
        reporting.close();
        failing.close();
        assertUnchangedAndWorking(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorInsideAnErrorListenerIsLoggedNotReEmittedAndTheEmitterKeepsWorking(String kind, Supplier<Error> errors) {
        Error error = errors.get();
        State before = State.of(this.emitter);
        AtomicInteger errorCalls = new AtomicInteger();
        Subscription reporting = this.emitter.on("error", (event) -> {
            errorCalls.incrementAndGet();
            throw error;
        });
        Subscription failing = this.emitter.register(new FailingAsyncBean(new IllegalStateException("first"), null));

        try (LogCapture log = LogCapture.eventBus().quiet()) {
            this.emitter.emit("explode.later");
            soon().until(() -> !log.events(Level.ERROR).isEmpty());
            assertThat(log.events(Level.ERROR).get(0).getThrowableProxy().getClassName())
                .isEqualTo(error.getClass().getName());
        }
        soon().until(() -> this.emitter.statistics().pendingAsync() == 0);
        assertThat(errorCalls).hasValue(1);
        reporting.close();
        failing.close();
        assertUnchangedAndWorking(before);
    }

    @Test
    void realStackOverflowInsideAListenerPropagatesAndLeavesNoNestingBehind() {
        State before = State.of(this.emitter);
        Subscription recursive = this.emitter.on("recurse", (event) -> recurse(0));

        assertThat(catchThrowable(() -> this.emitter.emit("recurse"))).isInstanceOf(StackOverflowError.class);

        assertThat(EmitChain.currentDepth()).isZero();
        recursive.close();
        assertUnchangedAndWorking(before);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void errorFromANewListenerListenerRejectsTheRegistrationAndChangesNothing() {
        AtomicBoolean explode = new AtomicBoolean(true);
        Subscription announcing = this.emitter.on("newListener", (event) -> {
            if (explode.get()) {
                throw new AssertionError("no new listeners for " + event.arg(0));
            }
        });
        State before = State.of(this.emitter);

        assertThat(catchThrowable(() -> this.emitter.on("rejected", (event) -> {
        }))).isInstanceOf(AssertionError.class).hasMessage("no new listeners for rejected");

        assertThat(this.emitter.listenerCount("rejected")).isZero();
        explode.set(false);
        assertUnchangedAndWorking(before);
        announcing.close();
    }

    // ---- blocking

    @Test
    void blockedAsyncListenerDelaysOnlyItsOwnEmitAsyncWhileOtherEventsProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingBean blocking = new BlockingBean(release);
        Subscription subscription = this.emitter.register(blocking);

        CompletableFuture<Void> blocked = this.emitter.emitAsync("block");
        assertThat(blocking.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(catchThrowable(() -> blocked.get(200, TimeUnit.MILLISECONDS)))
            .isInstanceOf(TimeoutException.class);
        for (int i = 0; i < 20; i++) {
            assertThat(this.emitter.emitAsync("sentinel", i)).succeedsWithin(WAIT);
        }
        assertThat(this.emitter.statistics().pendingAsync()).isOne();
        assertThat(blocked).isNotDone();

        release.countDown();
        assertThat(blocked).succeedsWithin(WAIT);
        soon().until(() -> this.emitter.statistics().pendingAsync() == 0);
        subscription.close();
    }

    @Test
    void blockedSyncListenerHoldsNoLockSoOtherThreadsEmitRegisterAndRemoveMeanwhile() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        this.emitter.on("slow", (event) -> {
            if (Boolean.TRUE.equals(event.arg(0))) {
                entered.countDown();
                release.await();
            }
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> blockedEmit = caller.submit(() -> this.emitter.emit("slow", true));
            assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            State during = State.of(this.emitter);

            assertThat(this.emitter.emit("slow", false)).isTrue();
            Subscription added = this.emitter.on("slow", (event) -> {
            });
            assertThat(this.emitter.listenerCount("slow")).isEqualTo(2);
            added.close();
            assertUnchangedAndWorking(during);
            assertThat(blockedEmit).isNotDone();

            release.countDown();
            assertThat(blockedEmit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        finally {
            release.countDown();
            caller.shutdownNow();
        }
    }

    // ---- the check after every bad call

    private static ConditionFactory soon() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    private void assertUnchangedAndWorking(State before) {
        assertThat(State.of(this.emitter)).isEqualTo(before);
        assertThat(EmitChain.currentDepth()).isZero();
        int expected = this.sentinel.size() + 2;
        this.sentinelEmits++;
        assertThat(this.emitter.emit("sentinel", this.sentinelEmits)).isTrue();
        soon().until(() -> this.sentinel.size() == expected);
        assertThat(this.emitter.emitAsync("sentinel", this.sentinelEmits)).succeedsWithin(WAIT);
        assertThat(this.sentinel).hasSize(expected + 2);
        soon().until(() -> this.emitter.statistics().pendingAsync() == 0);
    }

    /** What must not change: the registrations, the names, and what the emitter holds (plans are rebuilt freely). */
    record State(List<ListenerInfo> registrations, Set<String> eventNames, int namesAndPatterns, int leakWarnings,
            int pendingAsync) {

        static State of(DefaultEmitter emitter) {
            EmitterFootprint footprint = emitter.footprint();
            return new State(emitter.registrations(), emitter.eventNames(), footprint.namesAndPatterns(),
                    footprint.leakWarnings(), footprint.pendingAsync());
        }
    }

    // ---- listeners

    /** An async listener on the sentinel event, so that every check also goes through the executor. */
    public static class AsyncSentinel {

        private final Queue<Object> sentinel;

        AsyncSentinel(Queue<Object> sentinel) {
            this.sentinel = sentinel;
        }

        @On(value = "sentinel", async = true)
        public void receive(Event event) {
            this.sentinel.add("async " + event.name());
        }
    }

    public static class HalfInvalidBean {

        @On("valid.name")
        public void valid() {
        }

        @On("invalid..name")
        public void invalid() {
        }
    }

    public static class TwoMethodBean {

        @On("two.first")
        public void first() {
        }

        @On(value = "two.second", async = true)
        public void second() {
        }
    }

    public static class FailingAsyncBean {

        private final Throwable error;

        private final @Nullable Throwable stageError;

        FailingAsyncBean(Throwable error, @Nullable Throwable stageError) {
            this.error = error;
            this.stageError = stageError;
        }

        @On(value = "explode.later", async = true)
        public void run() throws Throwable {
            throw this.error;
        }

        @On("explode.later")
        public @Nullable CompletableFuture<Void> stage() {
            return (this.stageError != null) ? CompletableFuture.failedFuture(this.stageError) : null;
        }
    }

    public static class BlockingBean {

        private final CountDownLatch release;

        final CountDownLatch started = new CountDownLatch(1);

        BlockingBean(CountDownLatch release) {
            this.release = release;
        }

        @On(value = "block", async = true)
        public void block() throws InterruptedException {
            this.started.countDown();
            this.release.await();
        }
    }

    /** An application's own {@link Error}, standing for any fatal condition a listener may signal. */
    static final class CorruptedStateError extends Error {

        private static final long serialVersionUID = 1L;

        CorruptedStateError(String message) {
            super(message);
        }
    }
}
