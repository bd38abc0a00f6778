package dev.eventbus.core;

import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.UnhandledErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Gives every failure a home: a failure that cannot propagate to an emitting thread goes to the {@code emitAsync}
 * future when there is one, otherwise is emitted as {@code "error"}, otherwise logged. Never thrown, never lost.
 */
final class FailureRouter {

    /** The emitter's log category, shared by the classes it is made of. */
    private static final Log logger = LogFactory.getLog(DefaultEmitter.class);

    /** The registry's current version. */
    private final Supplier<RegistryState> registry;

    private final ErrorEmit errorEmit;

    FailureRouter(Supplier<RegistryState> registry, ErrorEmit errorEmit) {
        this.registry = registry;
        this.errorEmit = errorEmit;
    }

    /**
     * Routes a listener's failure that has no caller.
     * @param registration the listener that failed
     * @param event the event it failed on
     * @param error the failure
     * @param outcome the {@code emitAsync} outcome, or {@code null} for a plain emit
     */
    void withoutCaller(Registration registration, EmittedEvent event, Throwable error, @Nullable AsyncOutcome outcome) {
        if (outcome != null && outcome.failed(wrapChecked(error, event.name(), registration))) {
            return;
        }
        // no emitAsync future, or one that has completed already (its invocation was abandoned at shutdown)
        String listenerId = registration.info.id();
        if (EmitterEvents.ERROR.equals(event.name())) {
            // the failure that 'error' reported is logged with this one: nobody else will
            Object reported = event.args().isEmpty() ? null : event.args().get(0);
            if (reported instanceof Throwable original && original != error) {
                error.addSuppressed(original);
            }
            DefensiveText.logError(logger, "Listener '" + listenerId + "' failed while handling the 'error' event "
                    + DefensiveText.ofAll(event.args())
                    + "; failures of 'error' listeners are logged, never re-emitted", error);
            return;
        }
        // one registry version for both the check and the delivery, so a listener leaving in between cannot
        // turn the report into an unhandled-error throw
        // (and inspecting first resolves no meters for an "error" event that is never emitted)
        RegistryState current = this.registry.get();
        boolean handled = current.listensTo(EmitterEvents.ERROR_BIT);
        if (handled || current.listensTo(EmitterEvents.ERROR_MONITOR_BIT)) {
            try {
                this.errorEmit.emit(current,
                        new Object[] { error, new ListenerFailure(event.name(), listenerId, event.args()) });
            }
            catch (Throwable ex) {
                if (ex != error) {
                    ex.addSuppressed(error);
                }
                DefensiveText.logError(logger, "A listener of the 'error' event failed while handling the failure "
                        + "of listener '" + listenerId + "' on event '" + event.name() + "'", ex);
                return;
            }
        }
        if (!handled) {
            // error monitors, if any, have seen it: they observe, they do not handle
            DefensiveText.logError(logger, "Listener '" + listenerId + "' failed on event '" + event.name()
                    + "' and no listener handles the 'error' event", error);
        }
    }

    /**
     * What an {@code "error"} emit that no listener handles fails with: its first argument when that is unchecked,
     * otherwise an {@link UnhandledErrorException}.
     */
    static Throwable unhandledError(@Nullable Object @Nullable [] args) {
        Object first = (args != null && args.length > 0) ? args[0] : null;
        if (first instanceof RuntimeException || first instanceof Error) {
            return (Throwable) first;
        }
        return new UnhandledErrorException(first);
    }

    /** What a listener's failure becomes for its caller: itself when unchecked, else a ListenerInvocationException. */
    static Throwable wrapChecked(Throwable ex, String event, Registration registration) {
        if (ex instanceof RuntimeException || ex instanceof Error) {
            return ex;
        }
        return new ListenerInvocationException(event, registration.info.id(), ex);
    }

    /** Throws an {@code Error}, returns a {@code RuntimeException} for the caller to throw. */
    static RuntimeException propagate(Throwable ex) {
        if (ex instanceof Error error) {
            throw error;
        }
        if (ex instanceof RuntimeException runtime) {
            return runtime;
        }
        // the dispatcher wraps checked exceptions and unhandledError() returns none, so this is unreachable
        return new IllegalStateException(ex);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Emits {@code "error"} against one registry version. */
    @FunctionalInterface
    interface ErrorEmit {

        void emit(RegistryState state, Object[] errorArgs);

    }

}
