package dev.eventbus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * A programmatic listener whose work ends when the {@link CompletionStage} it returns completes, as for an
 * {@code @On} method that returns one: for {@link Emitter#emitAsync emitAsync}, for the metrics, and for error
 * routing. A stage that fails has no caller, so its failure goes to the {@code emitAsync} future, or is emitted as
 * {@code "error"}, or logged: what Node's {@code captureRejections} does for a listener that returns a rejected
 * promise.
 * <p>
 * It is a {@link Listener}, so {@code on}, {@code once}, {@code many}, the {@code prepend} methods, {@code off} and
 * {@link Emitter#rawListeners(String) rawListeners} take it as they take any listener. A lambda becomes one with
 * {@link #of(StageListener)} (a lambda passed to {@code on} directly is a plain {@code Listener}, and a stage it
 * returns is ignored):
 * <pre>{@code
 * emitter.on("order.placed", StageListener.of((event) -> mailer.sendAsync(event.arg(0, Order.class))));
 * }</pre>
 * <p>
 * It is called on the emitting thread, as every programmatic listener is; its stage may complete on any thread. An
 * exception thrown by {@link #handle(Event)} itself is a sync listener's failure: it stops the emit and reaches its
 * caller.
 */
@FunctionalInterface
public interface StageListener extends Listener {

    /**
     * Handles one event and returns the stage of the work it started.
     * @param event the event being delivered
     * @return the stage that completes when the work is done (exceptionally when it failed); {@code null} is taken as
     * work already done
     * @throws Exception a failure before any stage was returned, propagated as a sync listener's failure
     */
    @Nullable CompletionStage<?> handle(Event event) throws Exception;

    /**
     * Calls {@link #handle(Event)} and waits for its stage, for code that knows only {@code Listener} (an
     * {@code Emitter} implementation of one's own, or a test calling a listener): the emitters of
     * {@link Emitter#create()} and {@link Emitter#builder()} never call it, they follow the stage without blocking.
     * @param event the event being delivered
     * @throws Exception the failure of {@code handle} or of its stage (unwrapped), or an
     * {@link InterruptedException} when the waiting thread is interrupted
     */
    @Override
    default void onEvent(Event event) throws Exception {
        CompletionStage<?> stage = handle(event);
        if (stage == null) {
            return;
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            }
            else {
                done.complete(value);
            }
        });
        try {
            done.get();
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }

    /**
     * Types a lambda or method reference as a {@code StageListener}, for the methods that take a {@link Listener}.
     * @param listener the listener
     * @return the same listener
     * @throws IllegalArgumentException when the listener is {@code null}
     */
    static StageListener of(StageListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("Listener must not be null");
        }
        return listener;
    }
}
