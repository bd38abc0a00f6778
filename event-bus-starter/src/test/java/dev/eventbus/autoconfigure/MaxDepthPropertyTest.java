package dev.eventbus.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.MaxDepthExceededException;
import dev.eventbus.On;
import dev.eventbus.core.DefaultEmitter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code eventbus.max-depth} reaches the auto-configured emitter and stops a recursive {@code @On} method there.
 */
class MaxDepthPropertyTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(RecursiveListenerConfiguration.class);

    @Test
    void maxDepthDefaultsTo64() {
        this.contextRunner.run((context) -> {
            assertThat(context.getBean(DefaultEmitter.class).getMaxDepth()).isEqualTo(64);
            assertThatThrownBy(() -> context.getBean(Emitter.class).emit("countdown", 1000))
                .isInstanceOfSatisfying(MaxDepthExceededException.class,
                        (ex) -> assertThat(ex.getChain()).hasSize(65));
            assertThat(context.getBean(RecursiveListener.class).calls).hasValue(64);
        });
    }

    @Test
    void maxDepthIsBoundFromProperties() {
        this.contextRunner.withPropertyValues("eventbus.max-depth=5").run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            RecursiveListener listener = context.getBean(RecursiveListener.class);

            assertThat(emitter.emit("countdown", 5)).isTrue();
            assertThat(listener.calls).hasValue(5);

            listener.calls.set(0);
            assertThatThrownBy(() -> emitter.emit("countdown", 6)).isInstanceOfSatisfying(
                    MaxDepthExceededException.class, (ex) -> {
                        assertThat(ex.getMaxDepth()).isEqualTo(5);
                        assertThat(ex.getMessage()).contains(
                                "countdown -> countdown -> countdown -> countdown -> countdown -> countdown");
                    });
            assertThat(listener.calls).hasValue(5);
            assertThat(emitter.emit("countdown", 1)).as("the bus works afterwards").isTrue();
        });
    }

    @Test
    void maxDepthBelowOneFailsStartupWithAMessageNamingTheValue() {
        this.contextRunner.withPropertyValues("eventbus.max-depth=0").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventbus.max-depth must be positive, but was 0");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RecursiveListenerConfiguration {

        @Bean
        RecursiveListener recursiveListener(Emitter emitter) {
            return new RecursiveListener(emitter);
        }

    }

    /** Emits {@code countdown} again with one less, until it reaches 1. */
    static class RecursiveListener {

        private final Emitter emitter;

        final AtomicInteger calls = new AtomicInteger();

        RecursiveListener(Emitter emitter) {
            this.emitter = emitter;
        }

        @On("countdown")
        void countdown(int remaining) {
            this.calls.incrementAndGet();
            if (remaining > 1) {
                this.emitter.emit("countdown", remaining - 1);
            }
        }

    }

}
