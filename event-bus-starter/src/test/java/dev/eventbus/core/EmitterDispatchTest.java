package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Listener;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dispatch order, the return value of {@code emit}, nested emits and the snapshot rule.
 */
class EmitterDispatchTest {

    private final Emitter emitter = Emitter.create();

    private final List<String> calls = new ArrayList<>();

    private Listener record(String name) {
        return (event) -> this.calls.add(name);
    }

    /**
     * For wildcard listeners, which also receive the {@code newListener} and {@code removeListener} events.
     */
    private Listener recordOnly(String eventName, String name) {
        return (event) -> {
            if (event.name().equals(eventName)) {
                this.calls.add(name);
            }
        };
    }

    @Test
    void listenersOfOneNameRunInRegistrationOrder() {
        this.emitter.on("order.created", record("a"));
        this.emitter.on("order.created", record("b"));
        this.emitter.on("order.created", record("c"));

        this.emitter.emit("order.created");

        assertThat(this.calls).containsExactly("a", "b", "c");
    }

    @Test
    void lowerOrderRunsFirstThenRegistrationPositionAcrossBeansAndLambdas() {
        this.emitter.register(new Late());
        this.emitter.on("e", record("a"));
        this.emitter.register(new Early());
        this.emitter.register(new Neutral());
        this.emitter.on("e", record("b"));
        this.emitter.register(new Later());

        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("early", "a", "neutral", "b", "late", "later");
        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::order).containsExactly(-1, 0, 0, 0, 1, 1);
    }

    @Test
    void prependPutsTheListenerBeforeEveryListenerRegisteredSoFar() {
        this.emitter.on("e", record("a"));
        this.emitter.on("e", record("b"));
        this.emitter.prependListener("e", record("c"));
        this.emitter.on("e", record("d"));
        this.emitter.prependListener("e", record("e"));

        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("e", "c", "a", "b", "d");
    }

    @Test
    void prependPutsTheListenerBeforeListenersOfOtherNamesAndPatterns() {
        this.emitter.on("order.created", record("exact"));
        this.emitter.on("order.*", record("star"));
        this.emitter.prependListener("order.**", record("prepended-globstar"));
        this.emitter.on("**", recordOnly("order.created", "all"));
        this.emitter.prependListener("*.created", record("prepended-last"));

        this.emitter.emit("order.created");

        assertThat(this.calls).containsExactly("prepended-last", "prepended-globstar", "exact", "star", "all");
        assertThat(this.emitter.listeners("order.created")).extracting(ListenerInfo::pattern)
            .containsExactly("*.created", "order.**", "order.created", "order.*", "**");
    }

    @Test
    void patternListenersInterleaveWithExactListenersByRegistrationPosition() {
        this.emitter.on("order.*", record("star-1"));
        this.emitter.on("order.created", record("exact"));
        this.emitter.on("**", recordOnly("order.created", "all"));
        this.emitter.on("order.*", record("star-2"));

        this.emitter.emit("order.created");

        assertThat(this.calls).containsExactly("star-1", "exact", "all", "star-2");
    }

    @Test
    void prependStaysBehindListenersOfALowerOrder() {
        this.emitter.register(new Early());
        this.emitter.on("e", record("a"));
        this.emitter.register(new Late());
        this.emitter.prependListener("e", record("prepended"));

        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("early", "prepended", "a", "late");
    }

    @Test
    void prependOnceListenerRunsFirstAndOnlyOnce() {
        this.emitter.on("e", record("a"));
        this.emitter.prependOnceListener("e", record("once"));

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("once", "a", "a");
    }

    @Test
    void emitReturnsTrueWhenAListenerOfThatNameMatched() {
        this.emitter.on("order.created", record("a"));

        assertThat(this.emitter.emit("order.created")).isTrue();
    }

    @Test
    void emitReturnsTrueWhenOnlyAPatternMatched() {
        this.emitter.on("order.*", record("a"));

        assertThat(this.emitter.emit("order.created")).isTrue();
        assertThat(this.calls).containsExactly("a");
    }

    @Test
    void emitReturnsFalseWhenNoListenerMatched() {
        assertThat(this.emitter.emit("order.created")).isFalse();

        this.emitter.on("order.deleted", record("deleted"));
        this.emitter.on("order.*.eu", record("eu"));

        assertThat(this.emitter.emit("order.created")).isFalse();
        assertThat(this.calls).isEmpty();
    }

    @Test
    void emitReturnsFalseOnceTheOnlyListenerWasRemoved() {
        Subscription subscription = this.emitter.on("e", record("a"));
        subscription.close();

        assertThat(this.emitter.emit("e")).isFalse();
        assertThat(this.calls).isEmpty();
    }

    @Test
    void emitReturnsTrueWhenTheOnlyMatchingListenersConditionIsFalse() {
        Refusing refusing = new Refusing();
        this.emitter.register(refusing);

        assertThat(this.emitter.emit("e", 1)).isTrue();
        assertThat(refusing.calls).hasValue(0);
    }

    @Test
    void nestedEmitRunsAtOnceDepthFirst() {
        this.emitter.on("outer", (event) -> {
            this.calls.add("outer-1 start");
            this.emitter.emit("inner");
            this.calls.add("outer-1 end");
        });
        this.emitter.on("outer", record("outer-2"));
        this.emitter.on("inner", (event) -> {
            this.calls.add("inner-1 start");
            this.emitter.emit("innermost");
            this.calls.add("inner-1 end");
        });
        this.emitter.on("inner", record("inner-2"));
        this.emitter.on("innermost", record("innermost"));

        this.emitter.emit("outer");

        assertThat(this.calls).containsExactly("outer-1 start", "inner-1 start", "innermost", "inner-1 end", "inner-2",
                "outer-1 end", "outer-2");
    }

    @Test
    void listenerReceivesTheConcreteNameAndTheArguments() {
        List<Event> received = new ArrayList<>();
        this.emitter.on("order.*", received::add);

        this.emitter.emit("order.created", 42, "eu", null);

        assertThat(received).hasSize(1);
        Event event = received.get(0);
        assertThat(event.name()).isEqualTo("order.created");
        assertThat(event.args()).containsExactly(42, "eu", null);
        assertThat(event.arg(0)).isEqualTo(42);
        assertThat(event.arg(2)).isNull();
        assertThat(event.arg(3)).isNull();
        assertThat(event.arg(0, Integer.class)).isEqualTo(42);
        assertThat(event.arg(0, int.class)).isEqualTo(42);
        assertThat(event.arg(1, String.class)).isEqualTo("eu");
        assertThat(event.arg(7, String.class)).isNull();
    }

    @Test
    void eventWithoutArgumentsHasAnEmptyArgumentList() {
        List<Event> received = new ArrayList<>();
        this.emitter.on("e", received::add);

        this.emitter.emit("e");

        assertThat(received).singleElement().satisfies((event) -> {
            assertThat(event.args()).isEmpty();
            assertThat(event.arg(0)).isNull();
        });
    }

    @Test
    void eventArgumentsAreUnmodifiable() {
        List<Event> received = new ArrayList<>();
        this.emitter.on("e", received::add);

        this.emitter.emit("e", "a");

        assertThatThrownBy(() -> received.get(0).args().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> received.get(0).args().set(0, "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventArgumentsDoNotChangeWhenTheCallersArrayChangesAfterTheEmit() {
        List<Event> received = new ArrayList<>();
        this.emitter.on("e", received::add);
        Object[] args = { "original" };

        this.emitter.emit("e", args);
        args[0] = "changed";

        assertThat(received.get(0).args()).containsExactly("original");
    }

    @Test
    void eventOfALaterListenerHoldsTheArgumentsAsEmittedWhenAnEarlierListenerChangedTheCallersArray() {
        Object[] one = { "original" };
        Object[] two = { "original", "second" };
        this.emitter.register(new ArrayChanger(one, two));
        List<Event> received = new ArrayList<>();
        this.emitter.on("one", received::add);
        this.emitter.on("two", received::add);

        this.emitter.emit("one", one);
        this.emitter.emit("two", two);

        assertThat(received).extracting(Event::args)
            .containsExactly(List.of("original"), List.of("original", "second"));
    }

    @Test
    void typedArgumentAccessNamesBothTypesWhenTheArgumentIsNotOfThatType() {
        List<Event> received = new ArrayList<>();
        this.emitter.on("e", received::add);

        this.emitter.emit("e", "text");

        assertThatThrownBy(() -> received.get(0).arg(0, Integer.class)).isInstanceOf(ClassCastException.class)
            .hasMessageContaining("String")
            .hasMessageContaining("Integer");
    }

    @Test
    void listenerRemovedDuringAnEmitIsStillCalledInThatEmitButNotInTheNext() {
        Subscription[] second = new Subscription[1];
        this.emitter.on("e", (event) -> {
            this.calls.add("first");
            second[0].close();
        });
        second[0] = this.emitter.on("e", record("second"));

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("first", "second", "first");
    }

    @Test
    void listenersRemovedWithOffOrRemoveAllDuringAnEmitAreStillCalledInThatEmit() {
        Listener second = record("second");
        Listener third = recordOnly("e", "third");
        this.emitter.on("e", (event) -> {
            this.calls.add("first");
            this.emitter.off("e", second);
            this.emitter.removeAllListeners("e.**");
        });
        this.emitter.on("e", second);
        this.emitter.on("e.**", record("pattern"));
        this.emitter.on("*", third);

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("first", "second", "pattern", "third", "first", "third");
    }

    @Test
    void onceListenerThatAlreadyFiredInANestedEmitIsNotCalledAgainInTheOuterEmit() {
        AtomicInteger onceCalls = new AtomicInteger();
        AtomicBoolean nested = new AtomicBoolean();
        this.emitter.on("e", (event) -> {
            if (nested.compareAndSet(false, true)) {
                this.emitter.emit("e");
            }
        });
        this.emitter.once("e", (event) -> onceCalls.incrementAndGet());

        this.emitter.emit("e");

        assertThat(onceCalls).hasValue(1);
        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
    }

    @Test
    void onceListenerRemovedDuringAnEmitBeforeItsTurnIsStillCalledInThatEmit() {
        Subscription[] once = new Subscription[1];
        this.emitter.on("e", (event) -> {
            this.calls.add("first");
            once[0].close();
        });
        once[0] = this.emitter.once("e", record("once"));

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(this.calls).containsExactly("first", "once", "first");
    }

    @Test
    void listenerAddedDuringAnEmitIsNotCalledInThatEmitButInTheNext() {
        AtomicBoolean added = new AtomicBoolean();
        this.emitter.on("e", (event) -> {
            this.calls.add("adder");
            if (added.compareAndSet(false, true)) {
                this.emitter.on("e", record("added"));
                this.emitter.prependListener("e", record("prepended"));
                this.emitter.on("*", recordOnly("e", "pattern"));
                this.emitter.once("e", record("once"));
            }
        });

        this.emitter.emit("e");
        assertThat(this.calls).containsExactly("adder");

        this.calls.clear();
        this.emitter.emit("e");
        assertThat(this.calls).containsExactly("prepended", "adder", "added", "pattern", "once");
    }

    public class Early {

        @On(value = "e", order = -1)
        public void early() {
            EmitterDispatchTest.this.calls.add("early");
        }

    }

    public class Neutral {

        @On("e")
        public void neutral() {
            EmitterDispatchTest.this.calls.add("neutral");
        }

    }

    public class Late {

        @On(value = "e", order = 1)
        public void late() {
            EmitterDispatchTest.this.calls.add("late");
        }

    }

    public class Later {

        @On(value = "e", order = 1)
        public void later() {
            EmitterDispatchTest.this.calls.add("later");
        }

    }

    public static class Refusing {

        final AtomicInteger calls = new AtomicInteger();

        @On(value = "e", condition = "false")
        public void never() {
            this.calls.incrementAndGet();
        }

    }

    /** An {@code @On} bean, called before any listener that takes the event, that changes the emitter's arrays. */
    public static class ArrayChanger {

        private final Object[] one;

        private final Object[] two;

        ArrayChanger(Object[] one, Object[] two) {
            this.one = one;
            this.two = two;
        }

        @On("one")
        public void changeOne(String first) {
            this.one[0] = "changed";
        }

        @On("two")
        public void changeTwo(String first, String second) {
            this.two[0] = "changed";
            this.two[1] = "changed";
        }

    }

}
