package dev.eventbus.core;

import java.util.concurrent.RejectedExecutionException;

/** {@link AsyncOverflowPolicy#FAIL}: the emit fails with an {@link dev.eventbus.AsyncOverflowException}. */
final class FailingOverflow implements OverflowStrategy {

    @Override
    public void refused(TrackedInvocation invocation, Runnable task, HandOffDelivery delivery,
            RejectedExecutionException rejected) {
        delivery.refuse(invocation, "the executor refused it and the overflow policy is FAIL: "
                + OverflowStrategy.describe(rejected), rejected);
    }

}
