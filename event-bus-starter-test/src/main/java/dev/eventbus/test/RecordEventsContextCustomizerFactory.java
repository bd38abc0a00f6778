package dev.eventbus.test;

import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Installs an {@link EventRecorder} in every test's application context, so that the auto-configured emitter is
 * built with it; it records only while a test of a class annotated with {@link RecordEvents @RecordEvents} runs.
 * The customizer is the same for every test class, so it does not split the context cache.
 */
class RecordEventsContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new RecorderCustomizer();
    }

    /**
     * Registers the recorder as a singleton, and its events for autowiring into tests.
     */
    private static final class RecorderCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            EventRecorder recorder = new EventRecorder(false);
            context.getBeanFactory().registerSingleton(RecordEventsTestExecutionListener.RECORDER_BEAN_NAME, recorder);
            context.getBeanFactory().registerResolvableDependency(RecordedEvents.class, recorder.events());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RecorderCustomizer;
        }

        @Override
        public int hashCode() {
            return RecorderCustomizer.class.hashCode();
        }

    }

}
