package dev.eventbus.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.EventStream;
import dev.eventbus.Listener;
import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.StageListener;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What Node and EventEmitter2 users reach for: {@code rawListeners}, {@code listenerCount(name, listener)},
 * {@code many}, listeners that return a {@code CompletionStage}, {@code next} with a filter and a timeout, and
 * {@code **} as {@code onAny}.
 */
class EmitterNodeAdditionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Emitter emitter = Emitter.builder().maxListeners(0).build();

    private final List<String> calls = new ArrayList<>();

    // ---- rawListeners

    @Test
    void rawListenersAreTheRegisteredObjectsUnderExactlyThatNameInDispatchOrder() {
        Listener first = record("first");
        Listener once = record("once");
        Listener prepended = record("prepended");
        this.emitter.on("job", first);
        this.emitter.once("job", once);
        this.emitter.prependListener("job", prepended);
        this.emitter.on("job.*", record("pattern"));
        this.emitter.on("**", record("everything"));

        assertThat(this.emitter.rawListeners("job")).containsExactly(prepended, first, once);
        assertThat(this.emitter.rawListeners("job.*")).hasSize(1);
        assertThat(this.emitter.rawListeners("nothing")).isEmpty();
        assertThatThrownBy(() -> this.emitter.rawListeners("job").clear())
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rawListenerOfAOnceListenerTakesItOff() {
        Listener once = record("once");
        this.emitter.once("job", once);

        assertThat(this.emitter.off("job", this.emitter.rawListeners("job").get(0))).isTrue();

        assertThat(this.emitter.emit("job")).isFalse();
    }

    @Test
    void annotatedMethodAppearsAsOneListenerThatCallsItAndThatOffTakesOff() throws Exception {
        Shipping shipping = new Shipping();
        this.emitter.register(shipping);

        Listener raw = this.emitter.rawListeners("order.placed").get(0);
        raw.onEvent(new EmittedEvent("order.placed", null, new Object[] { "book" }, "test-instance"));

        assertThat(shipping.shipped).containsExactly("book");
        assertThat(raw).isInstanceOf(StageListener.class).hasToString("Shipping#ship");
        assertThat(this.emitter.rawListeners("order.paid")).containsExactly(raw);
        assertThat(this.emitter.listenerCount("order.placed", raw)).isEqualTo(1);
        assertThat(this.emitter.off("order.placed", raw)).isTrue();
        assertThat(this.emitter.emit("order.placed", "pen")).isFalse();
        assertThat(this.emitter.emit("order.paid", "pen")).isTrue();
        assertThat(shipping.shipped).containsExactly("book", "pen");
    }

    @Test
    void rawListenerOfAnAnnotatedMethodEvaluatesItsConditionAndReturnsItsStage() throws Exception {
        Conditional conditional = new Conditional();
        this.emitter.register(conditional);
        StageListener raw = (StageListener) this.emitter.rawListeners("amount").get(0);

        assertThat(raw.handle(new EmittedEvent("amount", 5, null, "test-instance"))).isNull();
        assertThat(raw.handle(new EmittedEvent("amount", 500, null, "test-instance")).toCompletableFuture().join())
            .isEqualTo("big 500");
        assertThat(conditional.seen).containsExactly(500);
    }

    // ---- listenerCount(event, listener)

    @Test
    void listenerCountOfAListenerCountsItsRegistrationsThatTheNameReaches() {
        Listener listener = record("l");
        this.emitter.on("order.placed", listener);
        this.emitter.on("order.placed", listener);
        this.emitter.on("order.*", listener);
        this.emitter.on("order.paid", listener);
        this.emitter.on("order.placed", record("other"));

        assertThat(this.emitter.listenerCount("order.placed", listener)).isEqualTo(3);
        assertThat(this.emitter.listenerCount("order.paid", listener)).isEqualTo(2);
        assertThat(this.emitter.listenerCount("invoice.paid", listener)).isZero();
        assertThat(this.emitter.listenerCount("order.placed")).isEqualTo(4);
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.listenerCount("order.placed", null));
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.listenerCount("order.*", listener))
            .withMessageContaining("order.*");
    }

    // ---- many

    @Test
    void manyFiresAtMostThatManyTimesThenIsRemovedBeforeItsLastCall() {
        List<Integer> countsSeen = new ArrayList<>();
        Subscription subscription = this.emitter.many("tick", 3,
                (event) -> countsSeen.add(this.emitter.listenerCount("tick")));

        for (int i = 0; i < 5; i++) {
            this.emitter.emit("tick");
        }

        assertThat(countsSeen).containsExactly(1, 1, 0);
        assertThat(subscription.isActive()).isFalse();
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void manyOfOneIsOnceAndOthersAreNotShownAsOnce() {
        this.emitter.many("a", 1, record("a"));
        this.emitter.many("b", 2, record("b"));

        assertThat(this.emitter.listeners("a")).extracting(ListenerInfo::once).containsExactly(true);
        assertThat(this.emitter.listeners("b")).extracting(ListenerInfo::once).containsExactly(false);
    }

    @Test
    void manyListenerComesOffByItsObject() {
        Listener listener = record("many");
        this.emitter.many("tick", 3, listener);

        assertThat(this.emitter.rawListeners("tick")).containsExactly(listener);
        assertThat(this.emitter.off("tick", listener)).isTrue();
        assertThat(this.emitter.emit("tick")).isFalse();
    }

    @Test
    void manyBelowOneIsRejectedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.many("tick", 0, record("x")))
            .withMessageContaining("times was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.many("tick", -2, record("x")))
            .withMessageContaining("-2");
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void manyFiresExactlyThatManyTimesUnderConcurrentEmits() throws Exception {
        int threads = 8;
        int emitsPerThread = 200;
        AtomicInteger fired = new AtomicInteger();
        this.emitter.many("race", 100, (event) -> fired.incrementAndGet());
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < emitsPerThread; i++) {
                        this.emitter.emit("race");
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(fired).hasValue(100);
        assertThat(this.emitter.listenerCount("race")).isZero();
    }

    // ---- StageListener

    @Test
    void stageListenersFailedStageIsRoutedAsAnAnnotatedMethodsStageIs() {
        IllegalStateException failure = new IllegalStateException("mail server down");
        CompletableFuture<String> sending = new CompletableFuture<>();
        this.emitter.on("order.placed", StageListener.of((event) -> sending));
        List<Object> reported = new ArrayList<>();
        this.emitter.on("error", (event) -> reported.addAll(event.args()));

        this.emitter.emit("order.placed", 7);
        assertThat(reported).isEmpty();
        sending.completeExceptionally(failure);

        assertThat(reported).containsExactly(failure, new ListenerFailure("order.placed", "lambda", List.of(7)));
    }

    @Test
    void emitAsyncWaitsForAStageListenersStageAndFailsWithIt() {
        CompletableFuture<String> sending = new CompletableFuture<>();
        this.emitter.once("order.placed", StageListener.of((event) -> sending));

        CompletableFuture<Void> done = this.emitter.emitAsync("order.placed");

        assertThat(done).isNotDone();
        IllegalStateException failure = new IllegalStateException("mail server down");
        sending.completeExceptionally(failure);
        assertThat(catchThrowable(done::join)).hasCause(failure);
    }

    @Test
    void stageListenerThatThrowsIsASyncFailureOfTheEmit() {
        IllegalStateException failure = new IllegalStateException("no stage");
        this.emitter.on("order.placed", StageListener.of((event) -> {
            throw failure;
        }));

        assertThat(catchThrowable(() -> this.emitter.emit("order.placed"))).isSameAs(failure);
    }

    @Test
    void stageListenerCalledAsAPlainListenerWaitsForItsStage() {
        StageListener listener = (event) -> CompletableFuture.failedFuture(new IllegalStateException("late"));

        assertThat(catchThrowable(() -> listener.onEvent(new EmittedEvent("e", null, null, "test-instance"))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("late");
    }

    @Test
    void plainLambdasStillCompileAsListeners() {
        List<Event> seen = new ArrayList<>();
        this.emitter.on("e", seen::add);
        this.emitter.on("e", (event) -> seen.add(event));
        this.emitter.on("e", (event) -> CompletableFuture.completedFuture(event));
        this.emitter.once("e", (event) -> {
        });
        this.emitter.many("e", 2, seen::add);

        this.emitter.emit("e");

        assertThat(seen).hasSize(3);
        assertThat(this.emitter.rawListeners("e")).noneMatch(StageListener.class::isInstance);
    }

    // ---- next(event, filter, timeout)

    @Test
    void nextWithAFilterCompletesWithTheFirstAcceptedEventAndRemovesItsListeners() {
        CompletableFuture<Event> big = this.emitter.next("order.*", (event) -> event.arg(0, Integer.class) > 100,
                TIMEOUT);

        this.emitter.emit("order.placed", 5);
        assertThat(big).isNotDone();
        this.emitter.emit("order.paid", 500);

        assertThat(big.join().name()).isEqualTo("order.paid");
        assertThat(this.emitter.listenerCount("order.placed")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void nextWithATimeoutFailsWithATimeoutExceptionAndRemovesItsListeners() {
        CompletableFuture<Event> never = this.emitter.next("order.placed", (event) -> false,
                Duration.ofMillis(50));
        this.emitter.emit("order.placed", 5);

        await().atMost(TIMEOUT).until(never::isDone);

        assertThat(catchThrowable(never::join)).hasCauseInstanceOf(TimeoutException.class);
        assertThat(this.emitter.listenerCount("order.placed")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void cancellingNextWithATimeoutRemovesItsListeners() {
        CompletableFuture<Event> next = this.emitter.next("order.placed", (event) -> true, TIMEOUT);
        assertThat(this.emitter.listenerCount("order.placed")).isEqualTo(1);

        next.cancel(false);

        assertThat(this.emitter.listenerCount("order.placed")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void nextWithAFilterFailsWhenErrorComesFirst() {
        IllegalStateException failure = new IllegalStateException("boom");
        CompletableFuture<Event> next = this.emitter.next("order.placed", (event) -> true, TIMEOUT);

        this.emitter.emit("error", failure);

        assertThat(catchThrowable(next::join)).hasCause(failure);
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void filterThatThrowsFailsTheFutureNotTheEmit() {
        IllegalStateException broken = new IllegalStateException("filter broke");
        this.emitter.on("order.placed", record("after"));
        CompletableFuture<Event> next = this.emitter.next("order.placed", (event) -> {
            throw broken;
        }, TIMEOUT);

        assertThat(this.emitter.emit("order.placed")).isTrue();

        assertThat(this.calls).containsExactly("after");
        assertThat(catchThrowable(next::join)).hasCause(broken);
        assertThat(this.emitter.listenerCount("order.placed")).isEqualTo(1);
    }

    @Test
    void nextUnderConcurrentEmitsCompletesWithOneOfThemAndRemovesItsListeners() throws Exception {
        CompletableFuture<Event> next = this.emitter.next("race", (event) -> true, TIMEOUT);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int value = t;
                done.add(pool.submit(() -> {
                    start.await();
                    return this.emitter.emit("race", value);
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(next.join().arg(0)).isIn(0, 1, 2, 3);
        assertThat(this.emitter.listenerCount("race")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void nextRejectsAMissingFilterAndANonPositiveTimeout() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.next("e", null, TIMEOUT))
            .withMessageContaining("Filter");
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.next("e", (event) -> true, Duration.ZERO))
            .withMessageContaining("PT0S");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.emitter.next("e", (event) -> true, Duration.ofSeconds(-1)))
            .withMessageContaining("PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.next("e", (event) -> true, null));
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    // ---- ** as onAny

    @Test
    void doubleStarHearsEveryEventTheEmitterEmitsIncludingItsOwn() {
        List<String> names = new ArrayList<>();
        this.emitter.on("**", (event) -> names.add(event.name()));

        this.emitter.on("order.placed", record("x"));
        this.emitter.emit("order.placed");
        this.emitter.emit("nobody.else");
        this.emitter.emit("error", new IllegalStateException("handled by **"));
        this.emitter.removeAllListeners("order.placed");

        assertThat(names).containsExactly("newListener", "order.placed", "nobody.else", "error", "removeListener");
    }

    // ---- an Emitter of one's own

    @Test
    void emitterOfOnesOwnGetsWorkingNextAndStreamAndIsToldWhatItLacks() throws Exception {
        Emitter foreign = forwardingTo(this.emitter);

        CompletableFuture<Event> next = foreign.next("order.*", (event) -> true, TIMEOUT);
        try (EventStream stream = foreign.stream("order.*")) {
            foreign.emit("order.placed", 1);
            assertThat(next.join().arg(0)).isEqualTo(1);
            assertThat(stream.take().arg(0)).isEqualTo(1);
        }
        assertThat(this.emitter.eventNames()).isEmpty();
        assertThatThrownBy(() -> foreign.many("e", 2, record("x"))).isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("many");
        assertThatThrownBy(() -> foreign.rawListeners("e")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> foreign.listenerCount("e", record("x")))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    /** An Emitter that is not the library's: its abstract methods forward, its default methods stay the defaults. */
    private static Emitter forwardingTo(Emitter delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(delegate, args);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        };
        return (Emitter) Proxy.newProxyInstance(Emitter.class.getClassLoader(), new Class<?>[] { Emitter.class },
                handler);
    }

    private Listener record(String label) {
        return (event) -> this.calls.add(label);
    }

    static class Shipping {

        final List<String> shipped = new ArrayList<>();

        @On({ "order.placed", "order.paid" })
        void ship(String item) {
            this.shipped.add(item);
        }
    }

    static class Conditional {

        final List<Integer> seen = new ArrayList<>();

        @On(value = "amount", condition = "#a0 > 100")
        CompletableFuture<String> big(int amount) {
            this.seen.add(amount);
            return CompletableFuture.completedFuture("big " + amount);
        }
    }

}
