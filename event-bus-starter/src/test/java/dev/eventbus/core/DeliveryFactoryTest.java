package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The delivery seam: a {@link DeliveryFactory} changes how chosen listeners are delivered (here: held back until the
 * test flushes them, as an after-commit delivery would be), without the dispatcher knowing.
 */
class DeliveryFactoryTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private final Deferring deferring = new Deferring();

    private final DefaultEmitter emitter = new DefaultEmitter(Runnable::run, 0, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner(), null, AsyncSettings.DEFAULTS, List.of(this.deferring));

    @Test
    void claimedListenerIsDeliveredByItsDeliveryAndOthersAsBefore() {
        this.emitter.register(new Listeners(this.calls));

        this.emitter.emit("order.placed", "o-1");

        assertThat(this.calls).containsExactly("now o-1");
        assertThat(this.deferring.held).extracting(Invocation::listener)
            .extracting(ListenerInfo::id)
            .containsExactly("Listeners#later");
        assertThat(this.deferring.held.peek().event().args()).containsExactly("o-1");
        this.deferring.flush();
        assertThat(this.calls).containsExactly("now o-1", "later o-1");
    }

    @Test
    void deliveryIsChosenOncePerDefinitionAndFactoriesSeeTheStandardDelivery() {
        this.emitter.register(new Listeners(this.calls));

        assertThat(this.deferring.offered).containsEntry("Listeners#later", "inline")
            .containsEntry("Listeners#now", "inline")
            .containsEntry("Listeners#elsewhere", "executor");
        this.emitter.emit("order.placed", "o-1");
        this.emitter.emit("order.placed", "o-2");
        assertThat(this.deferring.offered).hasSize(3);
    }

    @Test
    void failureOfAHeldInvocationRunWithoutACallerIsEmittedAsError() {
        this.emitter.on("error", (event) -> this.errors.add((Throwable) event.arg(0)));
        IllegalStateException boom = new IllegalStateException("boom");
        this.emitter.register(new Failing(boom));

        this.emitter.emit("order.placed", "o-1");
        assertThat(this.errors).isEmpty();
        this.deferring.flush();

        assertThat(this.errors).containsExactly(boom);
    }

    @Test
    void heldInvocationCalledWithACallerThrowsToIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        this.emitter.register(new Failing(boom));
        this.emitter.emit("order.placed", "o-1");

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.deferring.held.poll().call())
            .isSameAs(boom);
    }

    @Test
    void emitAsyncWaitsForAHeldInvocation() {
        this.emitter.register(new Listeners(this.calls));

        CompletableFuture<Void> future = this.emitter.emitAsync("order.placed", "o-1");

        assertThat(future).isNotDone();
        this.deferring.flush();
        assertThat(future).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void deliveryThatFailsWithoutRunningItsInvocationFailsTheEmitAndEmitAsyncCompletes() {
        IllegalStateException noTransaction = new IllegalStateException("no transaction");
        Emitter failing = new DefaultEmitter(Runnable::run, 0, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), null, AsyncSettings.DEFAULTS, List.of((definition, delivery) -> {
                    return (invocation) -> {
                        throw noTransaction;
                    };
                }));
        failing.on("order.placed", (event) -> this.calls.add("ran"));

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> failing.emit("order.placed"))
            .isSameAs(noTransaction);
        assertThat(failing.emitAsync("order.placed")).failsWithin(Duration.ofSeconds(5))
            .withThrowableThat()
            .havingCause()
            .isSameAs(noTransaction);
        assertThat(this.calls).isEmpty();
    }

    @Test
    void factoriesComposeInOrderAndNullKeepsTheDeliveryChosenSoFar() {
        List<String> trail = new ArrayList<>();
        DeliveryFactory first = (definition, delivery) -> (invocation) -> {
            trail.add("first");
            delivery.deliver(invocation);
        };
        DeliveryFactory ignoring = (definition, delivery) -> null;
        DeliveryFactory second = (definition, delivery) -> (invocation) -> {
            trail.add("second");
            delivery.deliver(invocation);
        };
        Emitter composed = new DefaultEmitter(Runnable::run, 0, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), null, AsyncSettings.DEFAULTS, List.of(first, ignoring, second));
        composed.on("e", (event) -> trail.add("listener"));

        composed.emit("e");

        assertThat(trail).containsExactly("second", "first", "listener");
    }

    /** Holds back the invocations of listeners whose method is named {@code later}, until {@link #flush()}. */
    static final class Deferring implements DeliveryFactory {

        final Queue<Invocation> held = new ConcurrentLinkedQueue<>();

        final java.util.Map<String, String> offered = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Delivery deliveryFor(ListenerDefinition definition, Delivery delivery) {
            this.offered.put(definition.id(), delivery.toString());
            return definition.id().endsWith("#later") ? this.held::add : null;
        }

        void flush() {
            for (Invocation invocation = this.held.poll(); invocation != null; invocation = this.held.poll()) {
                invocation.run();
            }
        }

    }

    static class Listeners {

        private final List<String> calls;

        Listeners(List<String> calls) {
            this.calls = calls;
        }

        @On("order.placed")
        void now(String order) {
            this.calls.add("now " + order);
        }

        @On("order.placed")
        void later(String order) {
            this.calls.add("later " + order);
        }

        @On(value = "order.cancelled", async = true)
        void elsewhere(Event event) {
        }

    }

    static class Failing {

        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @On("order.placed")
        void later(String order) {
            throw this.failure;
        }

    }

}
