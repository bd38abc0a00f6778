package dev.eventbus.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off of an async listener that takes no {@link Event}: its invocation carries the emitted arguments, no
 * bound array and no event (docs/benchmarks.md), and what the event and the bound array were used for still holds:
 * the arguments are checked on the emitting thread, a failure is reported with the event's name and arguments, and
 * every listener of an emit that takes the event gets the same one.
 */
class AsyncHandOffTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TrackingExecutor executor = new TrackingExecutor(2);

    private final Emitter emitter = Emitter.builder().executor(this.executor).build();

    private final List<Object[]> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopExecutor() {
        this.executor.close();
    }

    @Test
    void argumentOfTheWrongTypeFailsOnTheEmittingThreadAndTheListenerNeverRuns() {
        this.emitter.on("error", (event) -> this.errors.add(new Object[] { event.arg(0), event.arg(1),
                Thread.currentThread() }));
        TakesALong listener = new TakesALong();
        this.emitter.register(listener);

        assertThat(this.emitter.emit("order.placed", "not a number")).isTrue();

        assertThat(this.errors).hasSize(1);
        Object[] error = this.errors.get(0);
        assertThat((Throwable) error[0]).isInstanceOf(ListenerArgumentException.class)
            .hasMessageContaining("java.lang.Long")
            .hasMessageContaining("java.lang.String");
        assertThat((ListenerFailure) error[1]).satisfies((failure) -> {
            assertThat(failure.event()).isEqualTo("order.placed");
            assertThat(failure.listenerId()).isEqualTo(listener.id());
            assertThat(failure.args()).containsExactly("not a number");
        });
        assertThat(error[2]).as("reported by the emitting thread, before any hand-off")
            .isSameAs(Thread.currentThread());
        this.executor.awaitIdle(TIMEOUT);
        assertThat(this.executor.executed()).isZero();
        assertThat(listener.calls).hasValue(0);
        assertThat(((DefaultEmitter) this.emitter).footprint().pendingAsync()).isZero();
    }

    @Test
    void anEventMadeForAHandOffIsTheOneEveryOtherListenerOfTheEmitGets() {
        // the first listener takes no event, but a delivery other than the engine's own can ask its invocation for
        // one (as the Kafka module's does): it and the later listeners get one event with one id (API.md: the same
        // for every listener of that emit); only the engine's hand-off, which shows the event to no one, goes without
        // (a failure is reported with the name and the arguments)
        List<Event> seen = new CopyOnWriteArrayList<>();
        DeliveryFactory asking = (definition, delivery) -> definition.async() ? (invocation) -> {
            seen.add(invocation.event());
            delivery.deliver(invocation);
        } : null;
        Emitter emitter = new DefaultEmitter(this.executor, 0, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), null, AsyncSettings.DEFAULTS, List.of(asking));
        TakesALong first = new TakesALong();
        emitter.register(first);
        emitter.on("order.placed", seen::add);
        emitter.on("order.placed", (event) -> {
        });
        emitter.on("order.placed", seen::add);

        emitter.emit("order.placed", 42L);

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isSameAs(seen.get(2));
        assertThat(seen.get(0).id()).isEqualTo(seen.get(2).id());
        this.executor.awaitIdle(TIMEOUT);
        assertThat(first.received).hasValue(42L);
    }

    @Test
    void argumentOfTheWrongTypeFailsTheFutureOfEmitAsync() {
        this.emitter.register(new TakesALong());

        CompletableFuture<Void> future = this.emitter.emitAsync("order.placed", "not a number");

        assertThat(future).failsWithin(TIMEOUT).withThrowableThat().havingCause()
            .isInstanceOf(ListenerArgumentException.class);
    }

    @Test
    void failureOfAListenerThatTakesNoEventIsReportedWithTheEventsNameAndArguments() {
        this.emitter.on("error", (event) -> this.errors.add(new Object[] { event.arg(0), event.arg(1) }));
        IllegalStateException thrown = new IllegalStateException("broke");
        Failing listener = new Failing(thrown);
        this.emitter.register(listener);

        this.emitter.emit("order.placed", 42L, "second");

        this.executor.awaitIdle(TIMEOUT);
        assertThat(this.errors).hasSize(1);
        assertThat(this.errors.get(0)[0]).isSameAs(thrown);
        ListenerFailure failure = (ListenerFailure) this.errors.get(0)[1];
        assertThat(failure.event()).isEqualTo("order.placed");
        assertThat(failure.listenerId()).isEqualTo(listener.id());
        assertThat(failure.args()).containsExactly(42L, "second");
    }

    @Test
    void everyListenerOfAnEmitThatTakesTheEventGetsTheSameOneWhateverComesBetween() {
        List<Event> seen = new CopyOnWriteArrayList<>();
        TakesALong first = new TakesALong();
        TakesTheEvent asyncWithEvent = new TakesTheEvent(seen);
        this.emitter.register(first);
        this.emitter.on("order.placed", seen::add);
        this.emitter.register(asyncWithEvent);
        TakesALong last = new LastTakesALong();
        this.emitter.register(last);

        this.emitter.emit("order.placed", 7L);

        this.executor.awaitIdle(TIMEOUT);
        assertThat(first.calls).hasValue(1);
        assertThat(last.calls).hasValue(1);
        assertThat(first.received.get()).isEqualTo(7L);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isSameAs(seen.get(0));
        assertThat(seen.get(0).args()).containsExactly(7L);
        assertThat(seen.get(0).id()).isEqualTo(seen.get(1).id());
    }

    @Test
    void invocationWithoutAnEventMakesItWhenAskedOnceForEveryCaller() {
        DeliveryFixture fixture = new DeliveryFixture();
        Registration registration = fixture.register("order.*", (event) -> {
        }, true, Delivery.inline());
        Object[] all = { 1, "two" };
        TrackedInvocation invocation = TrackedInvocation.withoutEvent(registration, fixture.instruments,
                "order.placed", null, all, "instance-1", null, fixture.runner);

        assertThat(invocation.eventIfAny()).isNull();
        EmittedEvent event = invocation.event();

        assertThat(event.name()).isEqualTo("order.placed");
        assertThat(event.args()).containsExactly(1, "two");
        assertThat(event.origin()).isEqualTo("instance-1");
        assertThat(invocation.event()).isSameAs(event);
        assertThat(invocation.eventIfAny()).isSameAs(event);
    }

    @Test
    void invocationKeepsEachOfItsRareExtrasWhenItHasSeveral() throws Throwable {
        DeliveryFixture fixture = new DeliveryFixture();
        AtomicReference<Runnable> decorated = new AtomicReference<>();
        EmitInterceptor decorator = new EmitInterceptor() {

            @Override
            public boolean decoratesOnly() {
                return true;
            }

            @Override
            public Runnable decorate(Runnable task) {
                Runnable wrapper = task::run;
                decorated.set(wrapper);
                return wrapper;
            }

            @Override
            public EmitScope emitStarted(String event, Object[] args, boolean async) {
                throw new AssertionError();
            }

            @Override
            public ListenerRun listenerStarted(String event, dev.eventbus.ListenerInfo listener) {
                throw new AssertionError();
            }
        };
        ListenerRunner runner = new ListenerRunner(false, null, decorator,
                new FailureRouter(() -> null, (state, args) -> {
                }));
        List<Object> received = new CopyOnWriteArrayList<>();
        Registration registration = fixture.register("e", (event) -> received.add(event.arg(0)), true,
                Delivery.inline());
        Object[] bound = {};
        AsyncOutcome outcome = new AsyncOutcome();

        TrackedInvocation invocation = TrackedInvocation.of(registration, fixture.instruments,
                new EmittedEvent("e", "payload", null, "instance-1"), bound, outcome, runner);

        assertThat(invocation.task()).isSameAs(decorated.get()).isNotSameAs(invocation);
        assertThat(invocation.outcome()).isSameAs(outcome);
        CompletableFuture<Void> completion = outcome.completion();
        assertThat(completion).isNotDone();
        invocation.task().run();
        assertThat(received).containsExactly("payload");
        assertThat(completion).succeedsWithin(TIMEOUT);
    }

    public static class TakesALong {

        final AtomicInteger calls = new AtomicInteger();

        final AtomicReference<Long> received = new AtomicReference<>();

        String id() {
            return getClass().getSimpleName() + "#take";
        }

        @On(value = "order.placed", async = true)
        public void take(Long orderId) {
            this.received.set(orderId);
            this.calls.incrementAndGet();
        }

    }

    public static class LastTakesALong extends TakesALong {

    }

    public static class TakesTheEvent {

        private final List<Event> seen;

        TakesTheEvent(List<Event> seen) {
            this.seen = seen;
        }

        @On(value = "order.placed", async = true)
        public void take(Event event, Long orderId) {
            this.seen.add(event);
        }

    }

    public static class Failing {

        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        String id() {
            return "Failing#take";
        }

        @On(value = "order.placed", async = true)
        public void take(Long orderId, String second) {
            throw this.failure;
        }

    }

}
