package dev.eventbus.core;

import java.util.concurrent.RejectedExecutionException;

import dev.eventbus.core.EmitterInstrumentation.OverflowAction;

/** {@link AsyncOverflowPolicy#CALLER_RUNS}: the emitting thread runs the refused invocation itself. */
final class CallerRunsOverflow implements OverflowStrategy {

    @Override
    public void refused(TrackedInvocation invocation, Runnable task, HandOffDelivery delivery,
            RejectedExecutionException rejected) {
        invocation.instruments.rejected(OverflowAction.CALLER_RUNS);
        delivery.runOnCaller(invocation);
    }

}
