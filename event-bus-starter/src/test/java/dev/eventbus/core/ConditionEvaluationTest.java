package dev.eventbus.core;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import org.springframework.expression.BeanResolver;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions are compiled by SpEL once warm, evaluated against a context whose fixed parts are built once, and see
 * the context Spring's {@code @EventListener} conditions see: bean references and {@code T(...)} included.
 */
class ConditionEvaluationTest {

    private static final Executor DIRECT = Runnable::run;

    @Test
    void aWarmConditionIsCompiledAndEvaluatesWithoutAllocating() {
        ListenerCondition condition = conditionOf(new Orders());
        // an amount Integer caches: the code SpEL compiles boxes the property for the comparison, which the JIT's
        // escape analysis removes once it compiles the caller, but which a test run in the interpreter would count
        Order order = new Order(120);
        EmittedEvent event = new EmittedEvent("order.placed", order, null, "test-instance");
        Object[] bound = { order };
        for (int i = 0; i < 10_000; i++) {
            assertThat(condition.matches(event, bound)).isTrue();
        }
        SpelExpression expression = (SpelExpression) ReflectionTestUtils.getField(condition, "expression");
        assertThat(ReflectionTestUtils.getField(expression, "compiledAst")).as("compiled by SpEL").isNotNull();

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean all = true;
        for (int i = 0; i < 10_000; i++) {
            all &= condition.matches(event, bound);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(all).isTrue();
        assertThat(allocated).as("bytes allocated by 10,000 evaluations (a context per evaluation: megabytes)")
            .isLessThan(10_000);
    }

    @Test
    void conditionsReachBeansAndTypesAsEventListenerConditionsDo() {
        BeanResolver beans = (context, name) -> "limits".equals(name) ? new Limits(100) : null;
        DefaultEmitter emitter = new DefaultEmitter(DIRECT, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(beans));
        LimitedAudit audited = new LimitedAudit();
        emitter.register(audited);

        emitter.emit("order.placed", new Order(50));
        emitter.emit("order.placed", new Order(500));
        emitter.emit("order.placed", new Order(5000));

        assertThat(audited.amounts).containsExactly(500);
    }

    @Test
    void aConditionThatEmitsThroughTheSameConditionSeesItsOwnArgumentsAfterwards() {
        DefaultEmitter emitter = new DefaultEmitter(DIRECT, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner((context, name) -> new Relay(context)));
        // the relay re-emits a smaller order from inside the evaluation of the same condition, on the same thread
        RelayedAudit audited = new RelayedAudit();
        emitter.register(audited);
        Relay.emitter = emitter;

        emitter.emit("order.placed", new Order(4));

        assertThat(audited.amounts).as("each evaluation judged its own order").containsExactly(0, 2, 4);
    }

    private static ListenerCondition conditionOf(Object bean) {
        ListenerDefinition definition = new AnnotatedListenerScanner().scanObject(bean).get(0);
        return (ListenerCondition) ReflectionTestUtils.getField(definition.invoker(), "condition");
    }

    public record Order(int amount) {
    }

    public record Limits(int max) {
    }

    public static class Orders {

        @On(value = "order.placed", condition = "#a0.amount > 100")
        public void large(Order order) {
        }

    }

    public static class LimitedAudit {

        final List<Integer> amounts = new CopyOnWriteArrayList<>();

        @On(value = "order.placed", condition = "@limits.max < #a0.amount and T(java.lang.Math).abs(#a0.amount) < 1000")
        public void audit(Order order) {
            this.amounts.add(order.amount());
        }

    }

    public static class RelayedAudit {

        final List<Integer> amounts = new CopyOnWriteArrayList<>();

        @On(value = "order.placed",
                condition = "@relay.pass(#a0) and #a0.amount % 2 == 0 and #event.arg(0) == #a0 and #args[0] == #order")
        public void audit(Order order) {
            this.amounts.add(order.amount());
        }

    }

    public static class Relay {

        static DefaultEmitter emitter;

        Relay(Object context) {
        }

        public boolean pass(Order order) {
            if (order.amount() > 0) {
                emitter.emit("order.placed", new Order(order.amount() - 1));
            }
            return true;
        }

    }

}
