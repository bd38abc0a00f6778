package dev.eventbus.core;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.eventbus.Event;
import dev.eventbus.StageListener;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;

/**
 * A listener that is not a {@link dev.eventbus.Listener} object (an {@code @On} method) as
 * {@link dev.eventbus.Emitter#rawListeners(String) rawListeners} shows it: calling it binds the event's arguments,
 * evaluates the condition and invokes the listener on the calling thread, and gives back the stage it returned.
 */
final class InvokerListener implements StageListener {

    private final ListenerInvoker invoker;

    InvokerListener(ListenerInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public @Nullable CompletionStage<?> handle(Event event) throws Exception {
        Object[] bound = this.invoker.bind(event);
        if (!this.invoker.accepts(event, bound)) {
            return null;
        }
        Object result;
        try {
            result = this.invoker.invoke(event, bound);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new UndeclaredThrowableException(ex);
        }
        return (result instanceof CompletionStage<?> stage) ? stage : CompletableFuture.completedFuture(result);
    }

    @Override
    public String toString() {
        return this.invoker.toString();
    }
}
