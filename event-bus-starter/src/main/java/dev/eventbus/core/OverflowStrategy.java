package dev.eventbus.core;

import java.util.concurrent.RejectedExecutionException;

/**
 * What the emitting thread does with an invocation the executor refused: one class per {@link AsyncOverflowPolicy}.
 */
interface OverflowStrategy {

    /**
     * Handles a refusal, on the emitting thread.
     * @param invocation the refused invocation
     * @param task what was given to the executor (the invocation's task, or its ordered lane's step)
     * @param delivery the delivery that handed it off
     * @param rejected the executor's refusal
     * @throws dev.eventbus.AsyncOverflowException when the policy fails the emit
     */
    void refused(TrackedInvocation invocation, Runnable task, HandOffDelivery delivery,
            RejectedExecutionException rejected);

    static OverflowStrategy of(AsyncSettings settings, RoomSignal room) {
        return switch (settings.overflow()) {
            case CALLER_RUNS -> new CallerRunsOverflow();
            case BLOCK -> new BlockingOverflow(settings.blockTimeout(), room);
            case FAIL -> new FailingOverflow();
        };
    }

    /** The refusal's own message, under the wrappers an executor may have put around it. */
    static String describe(RejectedExecutionException rejected) {
        Throwable cause = rejected;
        while (cause.getCause() instanceof RejectedExecutionException nested) {
            cause = nested;
        }
        return String.valueOf(cause.getMessage());
    }

}
