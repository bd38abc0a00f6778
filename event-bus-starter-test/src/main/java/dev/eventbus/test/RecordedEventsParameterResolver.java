package dev.eventbus.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Resolves a {@link RecordedEvents} parameter of a test or lifecycle method in a class annotated with
 * {@link RecordEvents @RecordEvents}, from the test's application context.
 */
class RecordedEventsParameterResolver implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RecordedEvents.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return RecordEventsTestExecutionListener.recorder(SpringExtension.getApplicationContext(extensionContext),
                extensionContext.getRequiredTestClass()).events();
    }

}
