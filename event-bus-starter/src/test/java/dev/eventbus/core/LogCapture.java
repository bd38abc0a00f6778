package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what is logged while a test runs, so that warnings and unhandled failures can be asserted on.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    /**
     * Attaches to the {@code dev.eventbus} logger, which sees every logger of the library's classes.
     */
    static LogCapture eventBus() {
        return new LogCapture((Logger) LoggerFactory.getLogger("dev.eventbus"));
    }

    /**
     * Keeps what is captured out of the build log, for tests that log many lines on purpose.
     */
    LogCapture quiet() {
        this.logger.setAdditive(false);
        return this;
    }

    List<ILoggingEvent> events(Level level) {
        List<ILoggingEvent> events;
        // AppenderBase.doAppend synchronizes on the appender: copy under the same lock.
        synchronized (this.appender) {
            events = new ArrayList<>(this.appender.list);
        }
        return events.stream().filter((event) -> event.getLevel() == level).toList();
    }

    List<String> messages(Level level) {
        return events(level).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    List<String> messagesContaining(Level level, String text) {
        return messages(level).stream().filter((message) -> message.contains(text)).toList();
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
        this.logger.setAdditive(true);
        this.appender.stop();
    }
}
