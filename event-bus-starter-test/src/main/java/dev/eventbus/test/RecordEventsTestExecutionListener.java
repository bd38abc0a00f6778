package dev.eventbus.test;

import java.util.Arrays;

import dev.eventbus.Emitter;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Starts a recording before each test method of a class annotated with {@link RecordEvents @RecordEvents} and stops
 * it after, on the {@link EventRecorder} of the test's application context. Registered by default (through
 * {@code META-INF/spring.factories}); declare it only with {@code @TestExecutionListeners} that leave out the
 * defaults.
 */
public class RecordEventsTestExecutionListener extends AbstractTestExecutionListener {

    /** The name of the recorder bean in a test's application context. */
    static final String RECORDER_BEAN_NAME = "eventBusRecorder";

    private static final String RECORDING = RecordEventsTestExecutionListener.class.getName() + ".recording";

    /**
     * Runs after the listeners that prepare the test instance and before the transactional one.
     * @return {@code 1950}
     */
    @Override
    public int getOrder() {
        return 1950;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        Class<?> testClass = testContext.getTestClass();
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, RecordEvents.class)) {
            return;
        }
        EventRecorder recorder = recorder(testContext.getApplicationContext(), testClass);
        recorder.beginTest(testClass.getName() + "#" + testContext.getTestMethod().getName());
        testContext.setAttribute(RECORDING, Boolean.TRUE);
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (testContext.removeAttribute(RECORDING) != null) {
            recorder(testContext.getApplicationContext(), testContext.getTestClass()).endTest();
        }
    }

    /**
     * The recorder of a test's context, checked to be installed in an emitter.
     * @throws IllegalStateException when the context has none, or no emitter reports to it
     */
    static EventRecorder recorder(ApplicationContext context, Class<?> testClass) {
        if (!context.containsBean(RECORDER_BEAN_NAME)) {
            throw new IllegalStateException("@RecordEvents on " + testClass.getName() + " found no bean '"
                    + RECORDER_BEAN_NAME + "' in its application context: the event-bus test starter's "
                    + "ContextCustomizerFactory (registered in META-INF/spring.factories) did not run for it");
        }
        EventRecorder recorder = context.getBean(RECORDER_BEAN_NAME, EventRecorder.class);
        if (!recorder.isInstalled()) {
            throw new IllegalStateException("@RecordEvents on " + testClass.getName() + " cannot record: no Emitter "
                    + "of its application context reports to the EventRecorder bean '" + RECORDER_BEAN_NAME
                    + "'. The recorder is installed in the Emitter the event-bus auto-configuration creates, and the "
                    + "context's Emitter beans " + Arrays.toString(context.getBeanNamesForType(Emitter.class))
                    + " are not that one. Build an Emitter bean of your own with the context's EmitInterceptor beans "
                    + "installed (InterceptableBuilder.of(Emitter.builder()).interceptor(...)), or record an emitter "
                    + "of the test's own with new EventRecorder().attachTo(Emitter.builder())");
        }
        return recorder;
    }

}
