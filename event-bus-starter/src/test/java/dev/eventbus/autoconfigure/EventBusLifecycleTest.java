package dev.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.EmitterClosedException;
import dev.eventbus.core.DefaultEmitter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * When the auto-configured emitter closes: with the context, not when the context is only paused (as the Spring
 * TestContext framework pauses a cached context when a test class switches to another one, then restarts it).
 */
class EventBusLifecycleTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class));

    @Test
    void pausingAndRestartingTheContextLeavesTheEmitterOpen() {
        this.contextRunner.run((context) -> {
            ConfigurableApplicationContext source = context.getSourceApplicationContext();
            Emitter emitter = context.getBean(Emitter.class);
            List<Object> received = new ArrayList<>();
            emitter.on("order.placed", (event) -> received.add(event.arg(0)));

            source.pause();
            assertThat(context.getBean(DefaultEmitter.class).isClosed()).as("closed by the pause").isFalse();
            source.restart();

            assertThat(emitter.emit("order.placed", "o-1")).isTrue();
            assertThat(received).containsExactly("o-1");
        });
    }

    @Test
    void closingTheContextClosesTheEmitter() {
        this.contextRunner.run((context) -> {
            DefaultEmitter emitter = context.getBean(DefaultEmitter.class);

            context.close();

            assertThat(emitter.isClosed()).isTrue();
            assertThatExceptionOfType(EmitterClosedException.class).isThrownBy(() -> emitter.emit("order.placed"))
                .withMessageContaining("'order.placed'");
        });
    }

    @Test
    void theEmitterClosesBeforeBeansAreDestroyedEvenWhenTheApplicationMulticastsEventsOnAnExecutor() {
        List<Runnable> held = new ArrayList<>();
        this.contextRunner
            .withBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                    SimpleApplicationEventMulticaster.class, () -> {
                        SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
                        // an executor that never runs what it is given: an async listener would see nothing
                        multicaster.setTaskExecutor(held::add);
                        return multicaster;
                    })
            .withBean(EmitterUser.class)
            .run((context) -> {
                EmitterUser user = context.getBean(EmitterUser.class);

                context.close();

                assertThat(user.emitterClosedWhenDestroyed).as("closed by the lifecycle, not at destruction").isTrue();
            });
    }

    /** A bean that uses the emitter, so it is destroyed before it: it sees whether the lifecycle closed the bus. */
    static class EmitterUser implements DisposableBean {

        private final DefaultEmitter emitter;

        volatile boolean emitterClosedWhenDestroyed;

        EmitterUser(DefaultEmitter emitter) {
            this.emitter = emitter;
        }

        @Override
        public void destroy() {
            this.emitterClosedWhenDestroyed = this.emitter.isClosed();
        }

    }

}
