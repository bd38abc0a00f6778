package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.On;
import dev.eventbus.Phase;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The seam a publication log plugs into: event ids and origins, a {@link DurableDelivery} told when each emit ends,
 * and {@link ListenerHandle}s that run a stored event through the listener-run block.
 */
class DurableSeamTest {

    private final Log log = new Log();

    private final DefaultEmitter emitter = new DefaultEmitter(Runnable::run, 0, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner(), null, AsyncSettings.DEFAULTS,
            List.of((definition, delivery) -> definition.durable() ? this.log.wrapping(delivery) : null));

    @Test
    void anEventIdIsAUuidSharedByEveryListenerOfOneEmitAndNewForTheNext() {
        List<Event> seen = new CopyOnWriteArrayList<>();
        this.emitter.on("order.placed", seen::add);
        this.emitter.on("order.*", seen::add);
        this.emitter.setInstanceId("instance-a");

        this.emitter.emit("order.placed", "o-1");
        this.emitter.emit("order.placed", "o-2");

        assertThat(seen).hasSize(4);
        assertThat(seen.get(0).id()).isEqualTo(seen.get(1).id());
        assertThat(seen.get(2).id()).isEqualTo(seen.get(3).id()).isNotEqualTo(seen.get(0).id());
        assertThat(UUID.fromString(seen.get(0).id()).version()).isEqualTo(7);
        assertThat(seen).extracting(Event::origin).containsOnly("instance-a");
    }

    @Test
    void eventIdsOfOneThreadAreTimeOrdered() {
        List<String> ids = new ArrayList<>();
        this.emitter.on("tick", (event) -> ids.add(event.id()));
        for (int i = 0; i < 50; i++) {
            this.emitter.emit("tick");
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.get(0).substring(0, 8)).isLessThanOrEqualTo(ids.get(49).substring(0, 8));
    }

    @Test
    void theDurableDeliveryWritesEveryDurableListenerOfAnEmitAtItsEnd() {
        this.emitter.register(new Durable());

        this.emitter.emit("order.placed", "o-1");

        assertThat(this.log.batches).hasSize(1);
        assertThat(this.log.batches.get(0)).extracting((invocation) -> invocation.listener().id())
            .containsExactly("Durable#invoice", "Durable#ship");
        assertThat(this.log.batches.get(0)).extracting((invocation) -> invocation.event().id()).containsOnly(
                this.log.batches.get(0).get(0).event().id());
    }

    @Test
    void aFailingSyncListenerDoesNotKeepTheDurableOnesBeforeItFromBeingWritten() {
        this.emitter.register(new Durable());
        this.emitter.register(new FailingAfterThem());

        assertThatIllegalStateException().isThrownBy(() -> this.emitter.emit("order.placed", "o-1"))
            .withMessage("sync failure");

        assertThat(this.log.batches).singleElement().asList().hasSize(2);
    }

    @Test
    void aFailureToWriteFailsTheEmit() {
        this.emitter.register(new Durable());
        this.log.failWrites = true;

        assertThatIllegalStateException().isThrownBy(() -> this.emitter.emit("order.placed", "o-1"))
            .withMessage("the log is down");
        assertThat(this.emitter.emitAsync("order.placed", "o-2")).failsWithin(1, TimeUnit.SECONDS)
            .withThrowableThat()
            .havingCause()
            .withMessage("the log is down");
    }

    @Test
    void anEmitAsyncFutureDoesNotWaitForAWithdrawnInvocation() {
        this.emitter.register(new Durable());

        assertThat(this.emitter.emitAsync("order.placed", "o-1")).succeedsWithin(1, TimeUnit.SECONDS);
        assertThat(this.log.batches).singleElement().asList().hasSize(2);
    }

    @Test
    void aHandleRunsAStoredEventThroughTheListenerAndReportsItsOutcome() {
        Durable durable = new Durable();
        this.emitter.register(durable);
        ListenerHandle handle = this.emitter.listener("Durable#invoice");
        assertThat(handle).isNotNull();
        assertThat(handle.argumentTypes()).containsExactly(String.class);
        assertThat(handle.info().durable()).isTrue();
        assertThat(handle.info().async()).isTrue();

        Event stored = Events.restored("0190a1b2-0000-7000-8000-000000000001", "instance-b", "order.placed",
                List.of("o-9"));
        CompletableFuture<Void> done = handle.deliver(stored, Delivery.inline());

        assertThat(done).succeedsWithin(1, TimeUnit.SECONDS);
        assertThat(durable.invoiced).containsExactly("o-9 0190a1b2-0000-7000-8000-000000000001 instance-b");
        assertThat(this.log.batches).isEmpty();
    }

    @Test
    void aHandleReportsAFailureToItsCallerAndToNobodyElse() {
        List<Object> errors = new CopyOnWriteArrayList<>();
        this.emitter.on("error", (event) -> errors.add(event.arg(0)));
        this.emitter.register(new Durable());
        ListenerHandle handle = this.emitter.listener("Durable#ship");

        CompletableFuture<Void> failed = handle.deliver(Events.restored("e-1", "i", "order.placed", List.of("bad")),
                Delivery.inline());
        CompletableFuture<Void> unbound = handle.deliver(Events.restored("e-2", "i", "order.placed", List.of(42)),
                Delivery.inline());

        assertThat(failed).failsWithin(1, TimeUnit.SECONDS).withThrowableThat().havingCause().withMessage("bad order");
        assertThat(unbound).failsWithin(1, TimeUnit.SECONDS)
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(ListenerArgumentException.class);
        assertThat(errors).isEmpty();
    }

    @Test
    void noHandleForAnIdNobodyHas() {
        assertThat(this.emitter.listener("Nobody#here")).isNull();
    }

    @Test
    void handlesFollowTheRegistrations() {
        assertThat(this.emitter.listener("late")).isNull();
        Subscription late = this.emitter.register(List.of(ListenerDefinition.of("late.event", (event) -> {
        }).withId("late")));
        // asked again after a registration: found, though it was not there before
        ListenerHandle handle = this.emitter.listener("late");
        assertThat(handle).isNotNull();
        assertThat(this.emitter.listener("late")).isSameAs(handle);
        late.close();
        assertThat(this.emitter.listener("late")).isNull();
    }

    @Test
    void aDurableListenerCannotBeOnceOrOrderedOrAtAPhaseBeforeTheCommit() {
        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new DurableOnce()))
            .withMessageContaining("DurableOnce.send(String)")
            .withMessageContaining("cannot be durable and once");
        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new DurableBeforeCommit()))
            .withMessageContaining("DurableBeforeCommit.send(String)")
            .withMessageContaining("BEFORE_COMMIT");
    }

    @Test
    void aDurableListenerThatNoFactoryClaimsFailsItsRegistrationNamingTheArtifact() {
        DefaultEmitter plain = new DefaultEmitter(Runnable::run, 0, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner());
        assertThatExceptionOfType(ListenerDefinitionException.class).isThrownBy(() -> plain.register(new Durable()))
            .withMessageContaining("Durable.invoice(String, Event)")
            .withMessageContaining("event-bus-spring-boot-starter-jdbc");
    }

    @Test
    void aDurableListenerNeedsAnIdOfItsOwn() {
        this.emitter.on("order.placed", new Listener() {

            @Override
            public void onEvent(Event event) {
            }

            @Override
            public String toString() {
                return "plain";
            }
        });
        this.emitter.register(new Durable());

        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new SameIdAsDurable()))
            .withMessageContaining("Listener id 'Durable#ship' is taken")
            .withMessageContaining("durable");
        assertThat(this.emitter.listenerCount("order.shipped")).isZero();
    }

    static class SameIdAsDurable {

        @On(value = "order.shipped", durable = true, id = "Durable#ship")
        void ship(String order) {
        }

    }

    static class Durable {

        final List<String> invoiced = new CopyOnWriteArrayList<>();

        @On(value = "order.placed", durable = true, order = 1)
        void invoice(String order, Event event) {
            this.invoiced.add(order + " " + event.id() + " " + event.origin());
        }

        @On(value = "order.placed", durable = true, order = 2)
        void ship(String order) {
            if (order.equals("bad")) {
                throw new IllegalStateException("bad order");
            }
        }

    }

    static class FailingAfterThem {

        @On(value = "order.placed", order = 3)
        void fail(String order) {
            throw new IllegalStateException("sync failure");
        }

    }

    static class DurableOnce {

        @On(value = "order.placed", durable = true, once = true)
        void send(String order) {
        }

    }

    static class DurableBeforeCommit {

        @On(value = "order.placed", durable = true, phase = Phase.BEFORE_COMMIT)
        void send(String order) {
        }

    }

    /** A durable delivery that collects invocations per thread and "writes" them in batches. */
    static final class Log {

        final List<List<Invocation>> batches = new CopyOnWriteArrayList<>();

        volatile boolean failWrites;

        private final ThreadLocal<List<Invocation>> pending = ThreadLocal.withInitial(ArrayList::new);

        DurableDelivery wrapping(Delivery inner) {
            return new DurableDelivery() {

                @Override
                public void deliver(Invocation invocation) {
                    Log.this.pending.get().add(invocation);
                    invocation.withdraw();
                }

                @Override
                public void emitEnded() {
                    List<Invocation> written = Log.this.pending.get();
                    if (written.isEmpty()) {
                        return;
                    }
                    Log.this.pending.remove();
                    if (Log.this.failWrites) {
                        throw new IllegalStateException("the log is down");
                    }
                    Log.this.batches.add(List.copyOf(written));
                }
            };
        }

    }

}
