package dev.eventbus.core;

/**
 * What the emitter does when its executor refuses an async listener's invocation (a
 * {@link java.util.concurrent.RejectedExecutionException}: a full queue, a concurrency limit, an executor shut
 * down). No policy drops an invocation silently: each refusal is counted (see
 * {@link EmitterInstrumentation.ListenerInstruments#rejected}).
 */
public enum AsyncOverflowPolicy {

    /**
     * The emitting thread runs the listener itself, then carries on with the emit: nothing is dropped and the
     * producer is slowed down. For an ordered listener, the emitting thread runs the listener's queued invocations,
     * oldest first, until its own has run; while another thread runs the listener, it waits for it up to the block
     * timeout, then leaves its invocation queued for that thread (so that ordered listeners emitting to each other
     * from two threads cannot deadlock).
     */
    CALLER_RUNS,

    /**
     * The emitting thread waits for room in the executor, up to the block timeout; past it the emit fails as with
     * {@link #FAIL}.
     */
    BLOCK,

    /**
     * The emit fails with an {@link dev.eventbus.AsyncOverflowException} naming the event, the listener and the
     * executor's refusal; the listener does not run for that event.
     */
    FAIL

}
