package dev.eventbus.core;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.eventbus.core.EmitterInstrumentation.OverflowAction;
import org.jspecify.annotations.Nullable;

/**
 * {@link AsyncOverflowPolicy#BLOCK}: the emitting thread offers the refused task again as room is made, up to the
 * block timeout, then fails the emit.
 */
final class BlockingOverflow implements OverflowStrategy {

    /** The longest an emitting thread waits for room before it tries the executor again. */
    static final long MAX_ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Duration blockTimeout;

    private final RoomSignal room;

    BlockingOverflow(Duration blockTimeout, RoomSignal room) {
        this.blockTimeout = blockTimeout;
        this.room = room;
    }

    @Override
    public void refused(TrackedInvocation invocation, Runnable task, HandOffDelivery delivery,
            RejectedExecutionException rejected) {
        RejectedExecutionException last = waitForRoom(invocation, task, delivery, rejected);
        if (last == null) {
            invocation.instruments.rejected(OverflowAction.WAITED);
            return;
        }
        delivery.refuse(invocation, "the executor had no room for it within the block timeout of "
                + this.blockTimeout + " (overflow policy BLOCK): " + OverflowStrategy.describe(last), last);
    }

    /**
     * Retries the hand-off until the executor takes it or the block timeout runs out.
     * @return {@code null} once handed off (or run meanwhile, by an ordered listener's lane), otherwise the last
     * refusal
     */
    private @Nullable RejectedExecutionException waitForRoom(TrackedInvocation invocation, Runnable task,
            HandOffDelivery delivery, RejectedExecutionException rejected) {
        long deadline = System.nanoTime() + this.blockTimeout.toNanos();
        RejectedExecutionException last = rejected;
        while (true) {
            if (delivery.ranMeanwhile(invocation)) {
                return null;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return last;
            }
            try {
                this.room.await(Math.min(remaining, MAX_ROOM_WAIT_NANOS));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                RejectedExecutionException interrupted = new RejectedExecutionException(
                        "interrupted while waiting for room in the executor", ex);
                interrupted.addSuppressed(last);
                return interrupted;
            }
            try {
                delivery.executor.execute(task);
                return null;
            }
            catch (RejectedExecutionException again) {
                last = again;
            }
        }
    }

}
