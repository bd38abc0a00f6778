package dev.eventbus.core;

import java.time.Duration;
import java.util.concurrent.Executor;

import dev.eventbus.core.EmitterInstrumentation.OverflowAction;

/**
 * Delivers an ordered async listener's invocations one at a time, in emit order, through its {@link SerialLane}:
 * each runs as a task of the bus executor, so no thread is reserved for the listener. One per listener definition.
 */
final class OrderedLaneDelivery extends HandOffDelivery {

    /** The ordered lane this thread is running inline because the executor refused its next step; rarely set. */
    private static final ThreadLocal<SerialLane> INLINE_LANE = new ThreadLocal<>();

    private final SerialLane lane = new SerialLane(this::step);

    private final Duration blockTimeout;

    OrderedLaneDelivery(Executor executor, OverflowStrategy overflow, InFlightInvocations inFlight,
            ListenerRunner runner, Duration blockTimeout) {
        super(executor, overflow, inFlight, runner);
        this.blockTimeout = blockTimeout;
    }

    @Override
    void handOff(TrackedInvocation invocation) {
        this.lane.add(invocation);
        submit(invocation, this.lane.step);
    }

    @Override
    boolean ranMeanwhile(TrackedInvocation invocation) {
        return !invocation.isQueued();
    }

    @Override
    void withdraw(TrackedInvocation invocation) {
        this.lane.remove(invocation);
    }

    /**
     * Caller-runs for an ordered listener: the emitting thread runs the lane's invocations, oldest first, until its
     * own has run, so that the order holds and the producer is slowed down. While another thread runs the lane, it
     * waits for it up to the block timeout, then leaves its invocation to that thread.
     */
    @Override
    void runOnCaller(TrackedInvocation invocation) {
        Thread current = Thread.currentThread();
        long deadline = System.nanoTime() + this.blockTimeout.toNanos();
        while (invocation.isQueued()) {
            if (this.lane.tryClaim()) {
                runClaimed();
            }
            else if (this.lane.isRunBy(current)) {
                // the listener emitted to itself: this invocation runs after the one under way on this thread
                return;
            }
            else {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    // the thread running the lane runs this invocation after its own; waiting on could be a
                    // deadlock, as that thread may itself wait for a lane this thread runs
                    return;
                }
                try {
                    this.inFlight.room.await(Math.min(remaining, BlockingOverflow.MAX_ROOM_WAIT_NANOS));
                }
                catch (InterruptedException ex) {
                    // leave it queued: the lane runs it when the invocation under way finishes
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The executor task of the lane: runs its oldest invocation unless another one is under way. */
    private void step(SerialLane lane) {
        this.inFlight.room.signal();
        if (lane.tryClaim()) {
            runClaimed();
        }
    }

    /**
     * Runs the oldest invocation of the lane, which this thread has claimed; the lane is released when that
     * invocation has finished (see {@link #afterRun()}).
     */
    private void runClaimed() {
        TrackedInvocation next = this.lane.poll();
        if (next == null) {
            afterRun();
            return;
        }
        next.task().run();
    }

    /** Releases the lane after an invocation ended (or was found discarded), and lets the next one go. */
    @Override
    void afterRun() {
        this.lane.release();
        this.inFlight.room.signal();
        if (!this.lane.isEmpty()) {
            continueLane();
        }
    }

    /**
     * Hands the lane's next invocation to the executor; when the executor refuses, or fails otherwise (an
     * {@code OutOfMemoryError} for a thread it could not start), runs the lane on this thread, since the invocations
     * in it were already accepted: none is left waiting for an emit that may never come, and nothing escapes to the
     * thread that finished the previous one.
     */
    private void continueLane() {
        try {
            this.executor.execute(this.lane.step);
        }
        catch (RuntimeException | Error refused) {
            if (INLINE_LANE.get() == this.lane) {
                // the loop below, further up this thread's stack, takes the next invocation
                return;
            }
            SerialLane previous = INLINE_LANE.get();
            INLINE_LANE.set(this.lane);
            try {
                while (!this.lane.isEmpty() && this.lane.tryClaim()) {
                    TrackedInvocation head = this.lane.peek();
                    if (head != null) {
                        head.instruments.rejected(OverflowAction.CALLER_RUNS);
                    }
                    runClaimed();
                }
            }
            finally {
                if (previous != null) {
                    INLINE_LANE.set(previous);
                }
                else {
                    INLINE_LANE.remove();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ordered lane";
    }

}
