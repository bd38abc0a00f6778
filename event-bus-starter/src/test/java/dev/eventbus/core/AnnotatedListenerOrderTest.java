package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The order of {@link On @On} methods registered outside Spring: {@code @On(order)}, then {@link Order @Order} on
 * the method, then the object's {@link Ordered#getOrder()} or {@code @Order} on its class.
 */
class AnnotatedListenerOrderTest {

    private final Emitter emitter = Emitter.create();

    @Test
    void orderOnTheMethodAppliesWhenOnGivesNone() {
        this.emitter.register(new MethodOrdered());

        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::id, ListenerInfo::order)
            .containsExactly(tuple("MethodOrdered#early", -5), tuple("MethodOrdered#unordered", 0),
                    tuple("MethodOrdered#late", 5));
    }

    @Test
    void nonZeroOrderOfOnWinsOverOrderOnTheMethod() {
        this.emitter.register(new BothOrders());

        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::order).containsExactly(-3);
    }

    @Test
    void orderOnTheClassAppliesToMethodsWithoutOneOfTheirOwn() {
        this.emitter.register(new ClassOrdered());

        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::id, ListenerInfo::order)
            .containsExactly(tuple("ClassOrdered#pinnedToZero", 0), tuple("ClassOrdered#own", 3),
                    tuple("ClassOrdered#inherited", 10));
    }

    @Test
    void beanOrderedAsAWholeRunsBeforeOneRegisteredEarlier() {
        List<String> calls = new ArrayList<>();
        this.emitter.register(new Plain(calls));
        this.emitter.register(new First(calls));

        this.emitter.emit("e");

        assertThat(calls).containsExactly("first", "plain");
    }

    @Test
    void objectImplementingOrderedIsOrderedAsAWhole() {
        List<String> calls = new ArrayList<>();
        this.emitter.register(new Plain(calls));
        this.emitter.register(new OrderedFirst(calls));

        this.emitter.emit("e");

        assertThat(calls).containsExactly("ordered first", "plain");
        assertThat(this.emitter.listeners("e")).extracting(ListenerInfo::order).containsExactly(-7, 0);
    }

    public static class MethodOrdered {

        @On("e")
        @Order(5)
        public void late() {
        }

        @On("e")
        @Order(-5)
        public void early() {
        }

        @On("e")
        public void unordered() {
        }

    }

    public static class BothOrders {

        @On(value = "e", order = -3)
        @Order(7)
        public void handle() {
        }

    }

    @Order(10)
    public static class ClassOrdered {

        @On("e")
        public void inherited() {
        }

        @On("e")
        @Order(3)
        public void own() {
        }

        @On("e")
        @Order(0)
        public void pinnedToZero() {
        }

    }

    public static class Plain {

        private final List<String> calls;

        Plain(List<String> calls) {
            this.calls = calls;
        }

        @On("e")
        public void handle() {
            this.calls.add("plain");
        }

    }

    @Order(-1)
    public static class First {

        private final List<String> calls;

        First(List<String> calls) {
            this.calls = calls;
        }

        @On("e")
        public void handle() {
            this.calls.add("first");
        }

    }

    public static class OrderedFirst implements Ordered {

        private final List<String> calls;

        OrderedFirst(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public int getOrder() {
            return -7;
        }

        @On("e")
        public void handle() {
            this.calls.add("ordered first");
        }

    }

}
