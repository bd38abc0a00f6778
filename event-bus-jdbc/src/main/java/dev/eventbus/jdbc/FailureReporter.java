package dev.eventbus.jdbc;

import java.util.List;
import java.util.function.Supplier;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports a publication that has failed for good as the bus reports a failure with no caller: emitted as
 * {@code "error"} with a {@link ListenerFailure} when something listens to it, otherwise logged at ERROR.
 */
final class FailureReporter {

    private static final Log logger = LogFactory.getLog(FailureReporter.class);

    private final Supplier<@Nullable Emitter> emitter;

    FailureReporter(Supplier<@Nullable Emitter> emitter) {
        this.emitter = emitter;
    }

    /**
     * Reports a failed publication.
     * @param error the failure
     * @param key the publication
     * @param eventName the event's name
     * @param args its arguments, as far as they could be read
     * @param what what happened, for the log
     */
    void report(Throwable error, PublicationKey key, String eventName, List<@Nullable Object> args, String what) {
        Emitter emitter = this.emitter.get();
        if (emitter != null && emitter.listenerCount("error") > 0) {
            try {
                emitter.emit("error", error, new ListenerFailure(eventName, key.listenerId(), args));
                return;
            }
            catch (RuntimeException ex) {
                if (ex != error) {
                    ex.addSuppressed(error);
                }
                logger.error("Could not emit 'error' for the failed publication of " + key + ": " + what, ex);
                return;
            }
        }
        logger.error("Publication of " + key + " ('" + eventName + "') " + what
                + "; it stays in the log as failed, to be retried or discarded (endpoint eventbuspublications)", error);
    }

}
