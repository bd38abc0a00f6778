package dev.eventbus.test;

import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the recorder reaches the emitter of an application context, and what happens when it cannot.
 */
class RecorderInstallationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class));

    @Test
    void recorderBeanIsInstalledInTheAutoConfiguredEmitter() {
        this.runner.withBean(EventRecorder.class).run((context) -> {
            EventRecorder recorder = context.getBean(EventRecorder.class);
            context.getBean(Emitter.class).emit("invoice.paid", "INV-7");

            assertThat(recorder.isInstalled()).isTrue();
            assertThat(recorder.events()).emitted("invoice.paid").withArgs("INV-7").unhandled();
        });
    }

    @Test
    void recordingFailsNamingTheEmitterBeanThatDoesNotReportToTheRecorder() {
        this.runner.withBean(RecordEventsTestExecutionListener.RECORDER_BEAN_NAME, EventRecorder.class)
            .withBean("myEmitter", Emitter.class, Emitter::create)
            .run((context) -> assertThatIllegalStateException()
                .isThrownBy(() -> RecordEventsTestExecutionListener.recorder(context, RecorderInstallationTest.class))
                .withMessageContaining("@RecordEvents on " + RecorderInstallationTest.class.getName())
                .withMessageContaining("Emitter beans [myEmitter] are not that one")
                .withMessageContaining("new EventRecorder().attachTo(Emitter.builder())"));
    }

    @Test
    void recordingFailsWhenTheContextHasNoRecorder() {
        this.runner.run((context) -> assertThatIllegalStateException()
            .isThrownBy(() -> RecordEventsTestExecutionListener.recorder(context, RecorderInstallationTest.class))
            .withMessageContaining("found no bean 'eventBusRecorder'"));
    }

    @Test
    void everyTestClassGetsTheSameCustomizerSoContextsAreShared() {
        RecordEventsContextCustomizerFactory factory = new RecordEventsContextCustomizerFactory();

        assertThat(factory.createContextCustomizer(RecordEventsTest.class, List.of()))
            .isEqualTo(factory.createContextCustomizer(RecorderInstallationTest.class, List.of()))
            .hasSameHashCodeAs(factory.createContextCustomizer(RecorderInstallationTest.class, List.of()));
    }

}
