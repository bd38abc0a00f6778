package dev.eventbus.kafka;

import dev.eventbus.Instances;
import dev.eventbus.On;
import dev.eventbus.Phase;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the module checks at startup, each failure naming the listener, the property or the value: no broker is
 * needed for any of it.
 */
class KafkaStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaEventBusAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withPropertyValues("eventbus.kafka.topics.create=false", "spring.kafka.bootstrap-servers=localhost:1",
                "eventbus.kafka.group=orders");

    @Test
    void aListenerOfOtherInstancesIsRegisteredWithItsAudience() {
        this.runner.withBean(Fine.class).run((context) -> {
            assertThat(context).hasNotFailed();
            CrossInstanceListeners listeners = context.getBean(CrossInstanceListeners.class);
            assertThat(listeners.matching(Instances.ONE, "order.placed")).containsExactly("fine");
            assertThat(listeners.matching(Instances.ALL, "cache.evict")).containsExactly("evict");
            assertThat(listeners.matching(Instances.ALL, "order.placed")).isEmpty();
        });
    }

    @Test
    void aOneListenerCannotBeDurable() {
        assertFailure(DurableOne.class, "Listener 'durable-one' (instances = ONE) cannot be durable");
    }

    @Test
    void aOneListenerCannotRunAtAPhase() {
        assertFailure(PhasedOne.class, "Listener 'phased-one' (instances = ONE) cannot run at phase AFTER_COMMIT");
    }

    @Test
    void aListenerOfOtherInstancesCannotBeOnce() {
        assertFailure(OnceAll.class, "Listener 'once-all' (instances = ALL) cannot be once");
    }

    @Test
    void argumentsThatCannotTravelAsJsonFailNamingTheType() {
        assertFailure(TakesObject.class, "Listener 'takes-object' (instances = ONE) cannot receive argument 0 of "
                + "type java.lang.Object from other instances: it is or contains Object");
    }

    @Test
    void aListenerOfOtherInstancesCannotHaveACondition() {
        assertFailure(Conditional.class, "Listener 'conditional' (instances = ONE) cannot have a condition "
                + "('#a0.id() != null')");
    }

    @Test
    void oneListenersNeedAGroup() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                    KafkaEventBusAutoConfiguration.class, EventBusAutoConfiguration.class))
            .withPropertyValues("eventbus.kafka.topics.create=false", "spring.kafka.bootstrap-servers=localhost:1")
            .withBean(Fine.class)
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("Listeners with instances = ONE need a group")
                .hasStackTraceContaining("eventbus.kafka.group"));
    }

    @Test
    void anInvalidPublishPatternIsNamed() {
        this.runner.withPropertyValues("eventbus.kafka.publish=order.*,bad..name").run((context) ->
            assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("eventbus.kafka.publish holds an invalid event pattern 'bad..name'"));
    }

    @Test
    void anInvalidKeyExpressionIsNamed() {
        this.runner.withPropertyValues("eventbus.kafka.routes[0].pattern=order.*",
                "eventbus.kafka.routes[0].key=#a0.(customer").run((context) ->
            assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("The key '#a0.(customer' of the route for 'order.*'"));
    }

    @Test
    void anInvalidTopicIsNamed() {
        this.runner.withPropertyValues("eventbus.kafka.topic=orders and more").run((context) ->
            assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("eventbus.kafka.topic must be a Kafka topic name")
                .hasStackTraceContaining("'orders and more'"));
    }

    @Test
    void withTheModuleSwitchedOffAListenerOfOtherInstancesFailsStartupNamingIt() {
        this.runner.withPropertyValues("eventbus.kafka.enabled=false").withBean(Fine.class).run((context) ->
            assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("'evict'")
                .hasStackTraceContaining("instances = ALL")
                .hasStackTraceContaining("event-bus-spring-boot-starter-kafka")
                .hasStackTraceContaining("eventbus.kafka.enabled"));
    }

    private void assertFailure(Class<?> bean, String message) {
        this.runner.withBean(bean).run((context) -> assertThat(context).hasFailed()
            .getFailure()
            .hasStackTraceContaining(message));
    }

    record Order(String id) {
    }

    static class Fine {

        @On(value = "order.placed", instances = Instances.ONE, id = "fine")
        void placed(Order order) {
        }

        @On(value = "cache.*", instances = Instances.ALL, id = "evict")
        void evict(String key) {
        }

    }

    static class DurableOne {

        @On(value = "order.placed", instances = Instances.ONE, durable = true, id = "durable-one")
        void placed(Order order) {
        }

    }

    static class PhasedOne {

        @On(value = "order.placed", instances = Instances.ONE, phase = Phase.AFTER_COMMIT, id = "phased-one")
        void placed(Order order) {
        }

    }

    static class OnceAll {

        @On(value = "order.placed", instances = Instances.ALL, once = true, id = "once-all")
        void placed(Order order) {
        }

    }

    static class Conditional {

        @On(value = "order.placed", instances = Instances.ONE, id = "conditional", condition = "#a0.id() != null")
        void placed(Order order) {
        }

    }

    static class TakesObject {

        @On(value = "order.placed", instances = Instances.ONE, id = "takes-object")
        void placed(Object order) {
        }

    }

}
