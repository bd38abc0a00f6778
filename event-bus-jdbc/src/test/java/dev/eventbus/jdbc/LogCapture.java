package dev.eventbus.jdbc;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what the module logs while a test runs.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.eventbus.jdbc");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    List<ILoggingEvent> at(Level level) {
        return this.appender.list.stream().filter((event) -> event.getLevel() == level).toList();
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
    }

}
