package dev.eventbus.autoconfigure;

import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.core.DefaultEmitter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the auto-configured emitter closes: when its context closes, not when the context is paused.
 */
class EventBusLifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class));

    @Test
    void pausedAndRestartedContextKeepsItsEmitterOpen() {
        this.runner.run((context) -> {
            ConfigurableApplicationContext source = context.getSourceApplicationContext(
                    ConfigurableApplicationContext.class);
            DefaultEmitter emitter = context.getBean(DefaultEmitter.class);

            source.pause();
            source.restart();

            assertThat(emitter.isClosed()).isFalse();
            assertThat(emitter.emit("greet")).isFalse();
        });
    }

    @Test
    void closingTheContextClosesItsEmitter() {
        AtomicReference<DefaultEmitter> emitter = new AtomicReference<>();

        this.runner.run((context) -> emitter.set((DefaultEmitter) context.getBean(Emitter.class)));

        assertThat(emitter.get().isClosed()).isTrue();
    }

}
