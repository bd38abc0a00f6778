package dev.eventbus.actuate;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.autoconfigure.EventBusMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusEndpointAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class, EventBusEndpointAutoConfiguration.class));

    @Test
    void endpointIsAvailableWhenExposed() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=eventbus")
            .run((context) -> assertThat(context).hasSingleBean(EventBusEndpoint.class));
    }

    @Test
    void endpointIsNotAvailableWhenNotExposed() {
        this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EventBusEndpoint.class));
    }

    @Test
    void endpointIsNotAvailableWhenDisabled() {
        this.contextRunner
            .withPropertyValues("management.endpoints.web.exposure.include=eventbus",
                    "management.endpoint.eventbus.access=NONE")
            .run((context) -> assertThat(context).doesNotHaveBean(EventBusEndpoint.class));
    }

    @Test
    void noEndpointWithoutTheActuatorOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
            .withPropertyValues("management.endpoints.web.exposure.include=eventbus")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(Emitter.class);
                assertThat(context).doesNotHaveBean(EventBusEndpoint.class);
            });
    }

    @Test
    void endpointDescribesTheApplicationsOwnEmitter() {
        this.contextRunner.withUserConfiguration(UserEmitterConfiguration.class)
            .withPropertyValues("management.endpoints.web.exposure.include=eventbus")
            .run((context) -> {
                context.getBean(Emitter.class).on("order.created", (event) -> {
                });
                assertThat(context.getBean(EventBusEndpoint.class).eventBus().eventNames())
                    .containsExactly("order.created");
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEmitterConfiguration {

        @Bean
        Emitter userEmitter() {
            return Emitter.create();
        }

    }

}
