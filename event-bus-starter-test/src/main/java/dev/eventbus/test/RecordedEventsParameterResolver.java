package dev.eventbus.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Resolves a {@link RecordedEvents} parameter of a test or lifecycle method in a class annotated with
 * {@link RecordEvents @RecordEvents}, from the test's application context. A parameter that Spring autowires
 * ({@code @Autowired}, or a constructor that Spring's test support autowires) is left to Spring, which injects the
 * same object, so that the two resolvers never compete for it.
 */
class RecordedEventsParameterResolver implements ParameterResolver {

    private static final SpringExtension spring = new SpringExtension();

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RecordedEvents.class
                && !spring.supportsParameter(parameterContext, extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return RecordEventsTestExecutionListener.recorder(SpringExtension.getApplicationContext(extensionContext),
                extensionContext.getRequiredTestClass()).events();
    }

}
