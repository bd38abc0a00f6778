package dev.eventbus.core;

import java.util.concurrent.Executor;

/**
 * Hands each invocation of an async listener to the bus executor, as its own task.
 */
final class ExecutorDelivery extends HandOffDelivery {

    ExecutorDelivery(Executor executor, OverflowStrategy overflow, InFlightInvocations inFlight,
            ListenerRunner runner) {
        super(executor, overflow, inFlight, runner);
    }

    @Override
    void handOff(TrackedInvocation invocation) {
        submit(invocation, invocation.task());
    }

    @Override
    void runOnCaller(TrackedInvocation invocation) {
        invocation.task().run();
    }

    @Override
    public String toString() {
        return "executor";
    }

}
