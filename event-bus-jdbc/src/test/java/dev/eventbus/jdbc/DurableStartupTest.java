package dev.eventbus.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.eventbus.Event;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.On;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the auto-configuration does at startup: it backs off without a DataSource, accepts durable listeners whose
 * parameter types make the trip to JSON and back, and fails with a message naming the listener, the property or the
 * table otherwise.
 */
class DurableStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, DurableDeliveryAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + Applications.newH2());

    @Test
    void listenersWhoseTypesRoundTripThroughJsonAreAccepted() {
        this.runner.withBean(Storable.class).run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(DurableDeliveryFactory.class);
            assertThat(context.getBean(dev.eventbus.Emitter.class).listeners("stored"))
                .allMatch(dev.eventbus.ListenerInfo::durable)
                .hasSize(7);
        });
    }

    @Test
    void objectParameterFailsStartupNamingTheListener() {
        assertFailure(TakesObject.class, "Durable listener 'takes-object' cannot store argument 0 of type "
                + "java.lang.Object: it is or contains Object");
    }

    @Test
    void interfaceParameterFailsStartupAsItWouldNeedAClassName() {
        assertFailure(TakesInterface.class, "Durable listener 'takes-interface' cannot store argument 1 of type "
                + "dev.eventbus.jdbc.DurableStartupTest$Payment: it is abstract");
    }

    @Test
    void anAbstractTypeFailsStartupEvenWhenItsAnnotationsAskForTypeIds() {
        assertFailure(TakesTypedCard.class, "Durable listener 'takes-typed' cannot store argument 0 of type "
                + "dev.eventbus.jdbc.DurableStartupTest$TypedCard: it is abstract");
    }

    @Test
    void typeIdAnnotationsWriteNoClassNameIntoTheLog() {
        this.runner.withBean(Storable.class).run((context) -> {
            ArgumentCodec codec = context.getBean(ArgumentCodec.class);
            String json = codec.mapper().writeValueAsString(new Visa("4111"));
            assertThat(json).isEqualTo("{\"number\":\"4111\"}").doesNotContain("Visa");
        });
    }

    @Test
    void typeVariableFailsStartup() {
        assertFailure(StringHandler.class, "cannot store argument 0 of type T: it is the type variable T");
    }

    @Test
    void wildcardFailsStartup() {
        assertFailure(TakesWildcard.class, "cannot store argument 0 of type java.util.List<?>: it contains the "
                + "wildcard ?");
    }

    @Test
    void listOfObjectsFailsStartup() {
        assertFailure(TakesObjects.class, "cannot store argument 0 of type java.util.Map<java.lang.String, "
                + "java.lang.Object>: it is or contains Object");
    }

    @Test
    void typeWithoutPropertiesFailsStartup() {
        assertFailure(TakesOpaque.class, "it has no properties that Jackson can write");
    }

    @Test
    void withoutADataSourceTheModuleBacksOffAndADurableListenerNamesTheMissingPiece() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DurableDeliveryAutoConfiguration.class,
                    EventBusAutoConfiguration.class))
            .withBean(Storable.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("is durable, but nothing here "
                        + "delivers durable listeners: add the dependency dev.eventbus:"
                        + "event-bus-spring-boot-starter-jdbc (and a DataSource)");
            });
    }

    @Test
    void missingTableWithInitializationOffFailsNamingTheTableAndTheProperty() {
        this.runner.withPropertyValues("eventbus.durable.schema.initialize=never").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().hasMessageContaining("EVENTBUS_PUBLICATION");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("The publication log table "
                    + "eventbus_publication cannot be used")
                .hasStackTraceContaining("eventbus.durable.schema.initialize=always");
        });
    }

    @Test
    void platformWithoutAScriptFailsWhenTheSchemaWouldBeApplied() {
        this.runner.withPropertyValues("eventbus.durable.schema.platform=oracle").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().hasMessageContaining("event-bus has no publication schema "
                    + "script for database platform 'oracle'")
                .hasMessageContaining("eventbus.durable.schema.initialize=never");
        });
    }

    @Test
    void invalidPropertyValuesFailNamingTheProperty() {
        this.runner.withPropertyValues("eventbus.durable.max-in-flight=0").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                .hasStackTraceContaining("eventbus.durable.max-in-flight must be at least 1, but was 0");
        });
        this.runner.withPropertyValues("eventbus.durable.retry.multiplier=0.5").run((context) -> assertThat(context
            .getStartupFailure()).hasStackTraceContaining("eventbus.durable.retry.multiplier must be at least 1"));
    }

    private void assertFailure(Class<?> listeners, String message) {
        this.runner.withBean(listeners).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof ListenerDefinitionException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a ListenerDefinitionException in " + context.getStartupFailure())
                .isNotNull()
                .hasMessageContaining(message)
                .hasMessageContaining("stored as JSON and bound back to its declared parameter types");
        });
    }

    enum Priority {
        LOW, HIGH
    }

    interface Payment {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    abstract static class TypedCard {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    record Visa(String number) {
    }

    static class TakesTypedCard {

        @On(value = "x", id = "takes-typed", durable = true)
        void on(TypedCard card) {
        }

    }

    static class Opaque {

        private final Object lock = new Object();

    }

    static class Storable {

        @On(value = "stored", id = "record", durable = true)
        void record(Order order, Event event) {
        }

        @On(value = "stored", id = "scalars", durable = true)
        void scalars(String text, int count, Priority priority, Instant at) {
        }

        @On(value = "stored", id = "list", durable = true)
        void list(List<Order> orders) {
        }

        @On(value = "stored", id = "map", durable = true)
        void map(Map<String, List<Order>> orders) {
        }

        @On(value = "stored", id = "optional", durable = true)
        void optional(Optional<Order> order) {
        }

        @On(value = "stored", id = "event-only", durable = true)
        void eventOnly(Event event) {
        }

        @On(value = "stored", id = "array", durable = true)
        void array(Order[] orders) {
        }

    }

    static class TakesObject {

        @On(value = "x", id = "takes-object", durable = true)
        void on(Object value) {
        }

    }

    static class TakesInterface {

        @On(value = "x", id = "takes-interface", durable = true)
        void on(String id, Payment payment) {
        }

    }

    static class Handler<T> {

        @On(value = "x", id = "generic", durable = true)
        void on(T value) {
        }

    }

    static class StringHandler extends Handler<String> {

    }

    static class TakesWildcard {

        @On(value = "x", id = "wildcard", durable = true)
        void on(List<?> values) {
        }

    }

    static class TakesObjects {

        @On(value = "x", id = "objects", durable = true)
        void on(Map<String, Object> values) {
        }

    }

    static class TakesOpaque {

        @On(value = "x", id = "opaque", durable = true)
        void on(Opaque value) {
        }

    }

}
