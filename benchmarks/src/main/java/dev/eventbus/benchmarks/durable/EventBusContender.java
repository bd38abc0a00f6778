package dev.eventbus.benchmarks.durable;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event bus with its publication log ({@code event-bus-spring-boot-starter-jdbc}): a durable {@code @On}
 * listener, an emit inside the publishing transaction.
 */
final class EventBusContender extends DurableContender {

    private final Emitter emitter;

    EventBusContender(String jdbcUrl) {
        super(new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.datasource.url=" + jdbcUrl, "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres", "eventbus.durable.schema.initialize=always",
                    "spring.main.banner-mode=off", "logging.level.root=warn")
            .run());
        this.emitter = this.context.getBean(Emitter.class);
    }

    @Override
    protected void publish(OrderPaid order) {
        this.emitter.emit("order.paid", order);
    }

    @Override
    protected String completedCount() {
        return "select count(*) from eventbus_publication where status = 'completed'";
    }

    @Override
    protected String clear() {
        return "delete from eventbus_publication";
    }

    /**
     * The application: everything auto-configured but Spring Modulith, which the other contender measures, and Kafka.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = { "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
            "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
            "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
            "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration",
            "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration",
            "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification",
            "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration",
            // on the class path for the Kafka benchmark, not used here
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
            "dev.eventbus.kafka.KafkaEventBusAutoConfiguration" })
    static class App {

        @Bean
        ListenerWork listenerWork() {
            return new ListenerWork();
        }

        @Bean
        Invoicing invoicing(ListenerWork work) {
            return new Invoicing(work);
        }

    }

    /** The durable listener. */
    static class Invoicing {

        private final ListenerWork work;

        Invoicing(ListenerWork work) {
            this.work = work;
        }

        @On(value = "order.paid", durable = true)
        void invoice(OrderPaid order) {
            this.work.apply(order);
        }

    }

}
