package dev.eventbus.metrics;

import java.util.Arrays;
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

    private final List<Logger> loggers;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /**
     * Captures what {@link MicrometerEmitterInstrumentation} logs.
     */
    InstrumentationLog() {
        this(MicrometerEmitterInstrumentation.class);
    }

    /**
     * Captures what the given categories log.
     * @param categories the logger categories
     */
    InstrumentationLog(Class<?>... categories) {
        this.loggers = Arrays.stream(categories).map((category) -> (Logger) LoggerFactory.getLogger(category)).toList();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        this.appender.start();
        for (Logger logger : this.loggers) {
            logger.addAppender(this.appender);
            logger.setAdditive(false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Logger logger : this.loggers) {
            logger.setAdditive(true);
            logger.detachAppender(this.appender);
        }
        this.appender.stop();
    }

    List<ILoggingEvent> events() {
        synchronized (this.appender) {
            return List.copyOf(this.appender.list);
        }
    }
}
