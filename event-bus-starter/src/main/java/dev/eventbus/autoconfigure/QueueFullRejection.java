package dev.eventbus.autoconfigure;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Refuses an async listener invocation with a message that names the limits a user can raise; the emitter then
 * applies {@code eventbus.async.overflow}.
 */
final class QueueFullRejection implements RejectedExecutionHandler {

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("the event bus's async executor is shut down");
        }
        throw new RejectedExecutionException("the event bus's async queue is full: " + executor.getQueue().size()
                + " invocations queued (eventbus.async.queue-capacity="
                + (executor.getQueue().size() + executor.getQueue().remainingCapacity()) + ") and "
                + executor.getActiveCount() + " of " + executor.getMaximumPoolSize()
                + " threads busy (eventbus.async.max-size)");
    }

}
