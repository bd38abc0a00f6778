package dev.eventbus.metrics;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures, for one test, what the instrumentation logs (and keeps it out of the build log), so that its warnings
 * can be counted. Register it with {@code @RegisterExtension}.
 */
final class InstrumentationLog implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger = (Logger) LoggerFactory.getLogger(MicrometerEmitterInstrumentation.class);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        this.appender.start();
        this.logger.addAppender(this.appender);
        this.logger.setAdditive(false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        this.logger.setAdditive(true);
        this.logger.detachAppender(this.appender);
        this.appender.stop();
    }

    List<ILoggingEvent> events() {
        synchronized (this.appender) {
            return List.copyOf(this.appender.list);
        }
    }
}
