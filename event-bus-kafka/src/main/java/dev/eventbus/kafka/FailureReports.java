package dev.eventbus.kafka;

import java.util.List;
import java.util.function.Supplier;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports a failure that has no caller as the bus does: emitted as {@code "error"} with a {@link ListenerFailure}
 * when something listens to it, otherwise logged at ERROR.
 */
final class FailureReports {

    private static final Log logger = LogFactory.getLog(FailureReports.class);

    private final Supplier<@Nullable Emitter> emitter;

    FailureReports(Supplier<@Nullable Emitter> emitter) {
        this.emitter = emitter;
    }

    void report(Throwable error, String event, String listenerId, List<@Nullable Object> args, String what) {
        Emitter emitter = this.emitter.get();
        if (emitter != null && emitter.listenerCount("error") > 0) {
            try {
                emitter.emit("error", error, new ListenerFailure(event, listenerId, args));
                return;
            }
            catch (RuntimeException ex) {
                if (ex != error) {
                    ex.addSuppressed(error);
                }
                logger.error("Could not emit 'error' for event '" + event + "': " + what, ex);
                return;
            }
        }
        logger.error("Event '" + event + "' " + what, error);
    }

}
