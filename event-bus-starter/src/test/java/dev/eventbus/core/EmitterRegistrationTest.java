package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Adding and removing listeners: once, off, removeAllListeners, introspection, next, max listeners,
 * newListener / removeListener and subscriptions.
 */
class EmitterRegistrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Emitter emitter = Emitter.create();

    private final List<String> calls = new ArrayList<>();

    private Listener record(String name) {
        return (event) -> this.calls.add(name);
    }

    private static Listener noop() {
        return (event) -> {
        };
    }

    @Test
    void onceListenerFiresOnlyOnceAndIsThenRemoved() {
        Subscription subscription = this.emitter.once("e", record("once"));

        assertThat(this.emitter.emit("e")).isTrue();
        assertThat(this.emitter.emit("e")).isFalse();
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("once");
        assertThat(this.emitter.listenerCount("e")).isZero();
        assertThat(this.emitter.eventNames()).doesNotContain("e");
        assertThat(subscription.isActive()).isFalse();
    }

    @Test
    void onceListenerIsRemovedBeforeItIsCalled() {
        Subscription[] subscription = new Subscription[1];
        List<Object> seen = new ArrayList<>();
        subscription[0] = this.emitter.once("e", (event) -> {
            seen.add(this.emitter.listenerCount("e"));
            seen.add(subscription[0].isActive());
        });

        this.emitter.emit("e");

        assertThat(seen).containsExactly(0, false);
    }

    @Test
    void onceListenerReportsOnceInItsInfo() {
        this.emitter.once("e", noop());
        this.emitter.on("e", noop());

        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::once).containsExactly(true, false);
    }

    @Test
    void offRemovesTheMostRecentRegistrationOfThatListenerObject() {
        Listener repeated = record("repeated");
        this.emitter.on("e", repeated);
        this.emitter.on("e", record("other"));
        this.emitter.on("e", repeated);

        assertThat(this.emitter.off("e", repeated)).isTrue();
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("repeated", "other");
        assertThat(this.emitter.listenerCount("e")).isEqualTo(2);
    }

    @Test
    void offRemovesTheMostRecentlyAddedRegistrationEvenWhenItWasPrepended() {
        Listener repeated = record("repeated");
        this.emitter.on("e", record("other"));
        this.emitter.on("e", repeated);
        this.emitter.prependListener("e", repeated);

        assertThat(this.emitter.off("e", repeated)).isTrue();
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("other", "repeated");
    }

    @Test
    void offRemovesOneRegistrationPerCall() {
        Listener repeated = record("repeated");
        this.emitter.on("e", repeated);
        this.emitter.on("e", repeated);

        assertThat(this.emitter.off("e", repeated)).isTrue();
        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
        assertThat(this.emitter.off("e", repeated)).isTrue();
        assertThat(this.emitter.listenerCount("e")).isZero();
        assertThat(this.emitter.off("e", repeated)).isFalse();
    }

    @Test
    void offOnlyRemovesARegistrationUnderExactlyThatNameOrPattern() {
        Listener listener = record("listener");
        Subscription subscription = this.emitter.on("order.*", listener);

        assertThat(this.emitter.off("order.created", listener)).isFalse();
        assertThat(this.emitter.off("order.**", listener)).isFalse();
        assertThat(this.emitter.listenerCount("order.created")).isEqualTo(1);

        assertThat(this.emitter.off("order.*", listener)).isTrue();
        assertThat(this.emitter.listenerCount("order.created")).isZero();
        assertThat(subscription.isActive()).isFalse();
    }

    @Test
    void offComparesListenerIdentityAndReturnsFalseWhenNothingMatches() {
        this.emitter.on("e", record("registered"));

        assertThat(this.emitter.off("e", record("registered"))).isFalse();
        assertThat(this.emitter.off("nothing.here", noop())).isFalse();
        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
    }

    @Test
    void removeAllListenersOfANameRemovesOnlyThatExactNameOrPatternAndCountsThem() {
        Subscription first = this.emitter.on("order.created", noop());
        this.emitter.on("order.created", noop());
        this.emitter.once("order.created", noop());
        this.emitter.on("order.*", noop());
        this.emitter.on("other", noop());

        assertThat(this.emitter.removeAllListeners("order.created")).isEqualTo(3);

        assertThat(first.isActive()).isFalse();
        assertThat(this.emitter.listeners("order.created")).extracting(ListenerInfo::pattern).containsExactly("order.*");
        assertThat(this.emitter.listenerCount("other")).isEqualTo(1);
        assertThat(this.emitter.removeAllListeners("order.*")).isEqualTo(1);
        assertThat(this.emitter.removeAllListeners("order.*")).isZero();
        assertThat(this.emitter.removeAllListeners("never.registered")).isZero();
        assertThat(this.emitter.eventNames()).containsExactly("other");
    }

    @Test
    void removeAllListenersRemovesEveryRegistrationAndCountsThem() {
        Subscription subscription = this.emitter.on("a", noop());
        this.emitter.on("a", noop());
        this.emitter.on("b.*", noop());
        this.emitter.once("c", noop());
        this.emitter.register(new Single());

        assertThat(this.emitter.removeAllListeners()).isEqualTo(5);

        assertThat(subscription.isActive()).isFalse();
        assertThat(this.emitter.eventNames()).isEmpty();
        assertThat(this.emitter.emit("a")).isFalse();
        assertThat(this.emitter.removeAllListeners()).isZero();
    }

    @Test
    void listenersOfAConcreteNameIncludePatternsInDispatchOrder() {
        this.emitter.on("order.**", noop());
        this.emitter.on("order.created", noop());
        this.emitter.register(new EarlyStar());
        this.emitter.prependListener("*.created", noop());
        this.emitter.on("order.deleted", noop());
        this.emitter.on("order.*.eu", noop());

        List<ListenerInfo> listeners = this.emitter.listeners("order.created");

        assertThat(listeners).extracting(ListenerInfo::pattern)
            .containsExactly("order.*", "*.created", "order.**", "order.created");
        assertThat(listeners.get(0)).isEqualTo(new ListenerInfo("early-star", "order.*", -1, false, false, "true"));
        assertThat(this.emitter.listenerCount("order.created")).isEqualTo(4);
        assertThat(this.emitter.listenerCount("order.deleted")).isEqualTo(3);
        assertThat(this.emitter.listenerCount("order")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("customer.created")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("unknown")).isZero();
        assertThat(this.emitter.listeners("unknown")).isEmpty();
    }

    @Test
    void programmaticListenerInfoHasDefaultOrderNoConditionAndItsPattern() {
        this.emitter.on("order.*", noop());

        ListenerInfo info = this.emitter.listeners("order.created").get(0);

        assertThat(info.pattern()).isEqualTo("order.*");
        assertThat(info.order()).isZero();
        assertThat(info.async()).isFalse();
        assertThat(info.once()).isFalse();
        assertThat(info.condition()).isEmpty();
        assertThat(info.id()).isNotBlank();
    }

    @Test
    void listenersReturnsAnImmutableList() {
        this.emitter.on("e", noop());

        List<ListenerInfo> listeners = this.emitter.listeners("e");

        assertThatThrownBy(() -> listeners.add(listeners.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(listeners::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventNamesListsNamesAndPatternsInFirstRegistrationOrder() {
        this.emitter.on("b", noop());
        this.emitter.on("a", noop());
        this.emitter.on("c.*", noop());
        this.emitter.on("a", noop());
        this.emitter.prependListener("d", noop());

        assertThat(this.emitter.eventNames()).containsExactly("b", "a", "c.*", "d");
    }

    @Test
    void eventNamesDropsNamesWithoutListenersAndAppendsThemWhenRegisteredAgain() {
        Listener a = noop();
        this.emitter.on("b", noop());
        this.emitter.on("a", a);
        this.emitter.on("a", a);
        this.emitter.on("c.*", noop());
        this.emitter.once("d", noop());

        this.emitter.off("a", a);
        assertThat(this.emitter.eventNames()).containsExactly("b", "a", "c.*", "d");

        this.emitter.off("a", a);
        this.emitter.removeAllListeners("b");
        this.emitter.emit("d");
        assertThat(this.emitter.eventNames()).containsExactly("c.*");

        this.emitter.on("b", noop());
        assertThat(this.emitter.eventNames()).containsExactly("c.*", "b");
    }

    @Test
    void eventNamesIsImmutable() {
        this.emitter.on("e", noop());

        assertThatThrownBy(() -> this.emitter.eventNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nextCompletesWithTheNextEventAndRemovesItsListeners() {
        CompletableFuture<Event> next = this.emitter.next("order.created");
        assertThat(next).isNotDone();
        assertThat(this.emitter.listenerCount("order.created")).isEqualTo(1);

        assertThat(this.emitter.emit("order.created", 1, "a")).isTrue();
        this.emitter.emit("order.created", 2, "b");

        assertThat(next).isCompleted();
        Event event = next.join();
        assertThat(event.name()).isEqualTo("order.created");
        assertThat(event.args()).containsExactly(1, "a");
        assertThat(this.emitter.listenerCount("order.created")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void nextOfAPatternCompletesWithTheConcreteEvent() {
        CompletableFuture<Event> next = this.emitter.next("order.*");

        this.emitter.emit("customer.created");
        assertThat(next).isNotDone();
        this.emitter.emit("order.shipped", "parcel");

        assertThat(next).isCompleted();
        assertThat(next.join().name()).isEqualTo("order.shipped");
        assertThat(next.join().args()).containsExactly("parcel");
    }

    @Test
    void nextCompletesExceptionallyWhenErrorIsEmittedFirstAndRemovesItsListeners() {
        CompletableFuture<Event> next = this.emitter.next("order.created");
        IllegalStateException failure = new IllegalStateException("broken");

        assertThatNoException().isThrownBy(() -> this.emitter.emit("error", failure));

        assertThat(next).isCompletedExceptionally();
        assertThat(next).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(failure);
        assertThat(this.emitter.listenerCount("order.created")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void nextOfErrorCompletesNormallyWithTheErrorEvent() {
        CompletableFuture<Event> next = this.emitter.next("error");
        IllegalStateException failure = new IllegalStateException("broken");

        assertThatNoException().isThrownBy(() -> this.emitter.emit("error", failure));

        assertThat(next).isCompleted();
        assertThat(next.join().name()).isEqualTo("error");
        assertThat(next.join().arg(0)).isSameAs(failure);
        assertThat(this.emitter.listenerCount("error")).isZero();
    }

    @Test
    void cancellingNextRemovesItsTemporaryListeners() {
        CompletableFuture<Event> next = this.emitter.next("order.created");
        assertThat(this.emitter.listenerCount("order.created")).isEqualTo(1);

        assertThat(next.cancel(true)).isTrue();

        assertThat(this.emitter.listenerCount("order.created")).isZero();
        assertThat(this.emitter.listenerCount("error")).isZero();
        assertThat(this.emitter.eventNames()).isEmpty();
        assertThat(this.emitter.emit("order.created")).isFalse();
    }

    @Test
    void maxListenersDefaultsToTen() {
        assertThat(Emitter.create().getMaxListeners()).isEqualTo(10);
        assertThat(Emitter.builder().build().getMaxListeners()).isEqualTo(10);
    }

    @Test
    void maxListenersCanBeConfiguredAndChanged() {
        Emitter configured = Emitter.builder().maxListeners(3).build();
        assertThat(configured.getMaxListeners()).isEqualTo(3);

        configured.setMaxListeners(0);
        assertThat(configured.getMaxListeners()).isZero();
        configured.setMaxListeners(25);
        assertThat(configured.getMaxListeners()).isEqualTo(25);
    }

    @Test
    void negativeMaxListenersIsRejectedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.setMaxListeners(-1))
            .withMessageContaining("-1");
        assertThat(this.emitter.getMaxListeners()).isEqualTo(10);
        assertThatIllegalArgumentException().isThrownBy(() -> Emitter.builder().maxListeners(-7).build())
            .withMessageContaining("-7");
    }

    @Test
    void exceedingMaxListenersWarnsOncePerNameWithNameCountAndLimitWithoutCapping() {
        this.emitter.setMaxListeners(2);
        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.on("leaky.event", noop());
            this.emitter.on("leaky.event", noop());
            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).isEmpty();

            this.emitter.on("leaky.event", noop());
            this.emitter.on("leaky.event", noop());
            this.emitter.on("leaky.event", noop());

            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).singleElement()
                .satisfies((message) -> assertThat(message).contains("leaky.event").contains("3").contains("2"));
            assertThat(this.emitter.listenerCount("leaky.event")).isEqualTo(5);

            this.emitter.on("other.*", noop());
            this.emitter.on("other.*", noop());
            this.emitter.on("other.*", noop());

            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).hasSize(2)
                .filteredOn((message) -> message.contains("other.*"))
                .singleElement();
        }
    }

    @Test
    void maxListenersCountsRegistrationsPerExactNameOrPattern() {
        this.emitter.setMaxListeners(2);
        try (LogCapture logs = LogCapture.eventBus()) {
            this.emitter.on("a.b", noop());
            this.emitter.on("a.b", noop());
            this.emitter.on("a.*", noop());
            this.emitter.on("a.*", noop());
            this.emitter.on("**", noop());

            assertThat(this.emitter.listenerCount("a.b")).isEqualTo(5);
            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).isEmpty();
        }
    }

    @Test
    void defaultMaxListenersWarnsAtTheEleventhRegistration() {
        try (LogCapture logs = LogCapture.eventBus()) {
            for (int i = 0; i < 10; i++) {
                this.emitter.on("busy", noop());
            }
            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).isEmpty();

            this.emitter.on("busy", noop());

            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).singleElement()
                .satisfies((message) -> assertThat(message).contains("busy").contains("11").contains("10"));
        }
    }

    @Test
    void zeroMaxListenersMeansUnlimited() {
        this.emitter.setMaxListeners(0);
        try (LogCapture logs = LogCapture.eventBus()) {
            for (int i = 0; i < 50; i++) {
                this.emitter.on("busy", noop());
            }

            assertThat(logs.messagesContaining(Level.WARN, "MaxListenersExceeded")).isEmpty();
            assertThat(this.emitter.listenerCount("busy")).isEqualTo(50);
        }
    }

    @Test
    void newListenerIsEmittedBeforeARegistrationIsAdded() {
        List<Object> seen = new ArrayList<>();
        this.emitter.on("newListener", (event) -> {
            seen.add(event.arg(0));
            seen.add(event.arg(1));
            seen.add(this.emitter.listenerCount("order.created"));
        });

        this.emitter.on("order.*", noop());

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEqualTo("order.*");
        assertThat(seen.get(1)).isInstanceOf(ListenerInfo.class);
        ListenerInfo info = (ListenerInfo) seen.get(1);
        assertThat(info.pattern()).isEqualTo("order.*");
        assertThat(info.once()).isFalse();
        assertThat(seen.get(2)).isEqualTo(0);
        assertThat(this.emitter.listenerCount("order.created")).isEqualTo(1);
    }

    @Test
    void newListenerCarriesTheInfoOfAnAnnotatedListener() {
        List<Event> seen = new ArrayList<>();
        this.emitter.on("newListener", seen::add);

        this.emitter.register(new EarlyStar());
        this.emitter.once("e", noop());

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).args()).containsExactly("order.*",
                new ListenerInfo("early-star", "order.*", -1, false, false, "true"));
        assertThat(seen.get(1).arg(0)).isEqualTo("e");
        assertThat(seen.get(1).arg(1, ListenerInfo.class).once()).isTrue();
    }

    @Test
    void newListenerReachesWildcardListenersToo() {
        List<String> seen = new ArrayList<>();
        this.emitter.on("**", (event) -> seen.add(event.name()));

        this.emitter.on("order.created", noop());

        assertThat(seen).containsExactly("newListener");
    }

    @Test
    void removeListenerIsEmittedAfterASubscriptionIsClosed() {
        List<Object> seen = new ArrayList<>();
        Subscription subscription = this.emitter.on("order.*", noop());
        ListenerInfo info = this.emitter.listeners("order.created").get(0);
        this.emitter.on("removeListener", (event) -> {
            seen.add(event.arg(0));
            seen.add(event.arg(1));
            seen.add(this.emitter.listenerCount("order.created"));
        });

        subscription.close();

        assertThat(seen).containsExactly("order.*", info, 0);
    }

    @Test
    void removeListenerIsEmittedForOffRemoveAllAndFiredOnceListeners() {
        List<Object> removed = new ArrayList<>();
        Listener listener = noop();
        this.emitter.on("a", listener);
        this.emitter.on("b", noop());
        this.emitter.on("b", noop());
        this.emitter.once("c", noop());
        this.emitter.on("removeListener", (event) -> removed.add(event.arg(0)));

        this.emitter.off("a", listener);
        assertThat(removed).containsExactly("a");
        this.emitter.removeAllListeners("b");
        assertThat(removed).containsExactly("a", "b", "b");
        this.emitter.emit("c");
        assertThat(removed).containsExactly("a", "b", "b", "c");
    }

    @Test
    void removeListenerIsEmittedForEveryMethodOfAClosedBean() {
        List<Object> removed = new ArrayList<>();
        Subscription subscription = this.emitter.register(new TwoMethods());
        this.emitter.on("removeListener", (event) -> removed.add(event.arg(0)));

        subscription.close();

        assertThat(removed).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void subscriptionIsActiveUntilClosedAndCloseIsIdempotent() {
        Listener listener = noop();
        Subscription first = this.emitter.on("e", listener);
        Subscription second = this.emitter.on("e", listener);
        assertThat(first.isActive()).isTrue();

        first.close();
        first.close();

        assertThat(first.isActive()).isFalse();
        assertThat(second.isActive()).isTrue();
        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
    }

    @Test
    void subscriptionClosedRemovesItsOwnRegistrationNotTheMostRecentOne() {
        Listener listener = record("listener");
        this.emitter.on("e", record("before"));
        Subscription first = this.emitter.on("e", listener);
        this.emitter.on("e", record("between"));
        this.emitter.on("e", listener);

        first.close();
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("before", "between", "listener");
    }

    @Test
    void subscriptionBecomesInactiveWhenItsRegistrationIsRemovedOtherwise() {
        Listener listener = noop();
        Subscription removedByOff = this.emitter.on("a", listener);
        Subscription removedByRemoveAll = this.emitter.on("b", noop());
        Subscription fired = this.emitter.once("c", noop());

        this.emitter.off("a", listener);
        this.emitter.removeAllListeners("b");
        this.emitter.emit("c");

        assertThat(removedByOff.isActive()).isFalse();
        assertThat(removedByRemoveAll.isActive()).isFalse();
        assertThat(fired.isActive()).isFalse();
    }

    @Test
    void closingAnAlreadyRemovedSubscriptionDoesNotRemoveAnotherRegistration() {
        Listener listener = noop();
        Subscription first = this.emitter.on("e", listener);
        this.emitter.off("e", listener);
        this.emitter.on("e", listener);

        first.close();

        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
    }

    @Test
    void listenerCanCloseItsOwnSubscriptionWhileRunning() {
        AtomicInteger count = new AtomicInteger();
        Subscription[] subscription = new Subscription[1];
        subscription[0] = this.emitter.on("e", (event) -> {
            count.incrementAndGet();
            subscription[0].close();
        });

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(count).hasValue(1);
        assertThat(subscription[0].isActive()).isFalse();
    }

    @Test
    void beanSubscriptionIsActiveUntilClosedAndCloseIsIdempotent() {
        Subscription subscription = this.emitter.register(new TwoMethods());
        this.emitter.on("x", noop());
        assertThat(subscription.isActive()).isTrue();

        subscription.close();
        subscription.close();

        assertThat(subscription.isActive()).isFalse();
        assertThat(this.emitter.listenerCount("x")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("y")).isZero();
    }

    public static class Single {

        @On("single")
        public void single() {
        }

    }

    public static class EarlyStar {

        @On(value = "order.*", order = -1, id = "early-star", condition = "true")
        public void early() {
        }

    }

    public static class TwoMethods {

        @On("x")
        public void x() {
        }

        @On("y")
        public void y() {
        }

    }

}
