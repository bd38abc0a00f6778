package dev.eventbus.benchmarks.durable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Spring Modulith's JDBC event publication registry ({@code spring-modulith-starter-jdbc}): an
 * {@link ApplicationModuleListener} (async, after commit, in a transaction of its own), an event published inside
 * the publishing transaction. Its listeners run on Boot's task executor, eight threads as the bus's.
 */
final class ModulithContender extends DurableContender {

    private final ApplicationEventPublisher publisher;

    ModulithContender(String jdbcUrl) {
        super(new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.datasource.url=" + jdbcUrl, "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres", "spring.modulith.events.jdbc.schema-initialization.enabled=true",
                    "spring.main.banner-mode=off", "logging.level.root=warn")
            .run());
        this.publisher = this.context;
    }

    @Override
    protected void publish(OrderPaid order) {
        this.publisher.publishEvent(order);
    }

    @Override
    protected String completedCount() {
        return "select count(*) from event_publication where completion_date is not null";
    }

    @Override
    protected String clear() {
        return "delete from event_publication";
    }

    /** The application: everything auto-configured but the event bus, which the other contender measures, and Kafka. */
    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    @EnableAutoConfiguration(excludeName = { "dev.eventbus.autoconfigure.EventBusAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusMetricsAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusTransactionAutoConfiguration",
            "dev.eventbus.autoconfigure.EventBusObservationAutoConfiguration",
            "dev.eventbus.actuate.EventBusEndpointAutoConfiguration",
            "dev.eventbus.jdbc.DurableDeliveryAutoConfiguration",
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

    /** The listener, as Spring Modulith's documentation declares one. */
    static class Invoicing {

        private final ListenerWork work;

        Invoicing(ListenerWork work) {
            this.work = work;
        }

        @ApplicationModuleListener
        void invoice(OrderPaid order) {
            this.work.apply(order);
        }

    }

}
