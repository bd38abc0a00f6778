package dev.eventbus.autoconfigure;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitInterceptor;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs each async listener with the context of the thread that emitted to it: a snapshot of every
 * {@code ThreadLocalAccessor} value is captured at the hand-off, set for the run and restored after it. Capturing
 * per invocation at the hand-off, rather than when a task reaches the executor, keeps each queued invocation of an
 * ordered listener with its own emit's context.
 */
final class ContextPropagatingInterceptor implements EmitInterceptor {

    private final ContextSnapshotFactory snapshots;

    ContextPropagatingInterceptor(ContextSnapshotFactory snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public boolean decoratesOnly() {
        return true;
    }

    @Override
    public Runnable decorate(Runnable task) {
        return this.snapshots.captureAll().wrap(task);
    }

    @Override
    public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
        throw new UnsupportedOperationException("Only decorates async hand-offs; emits are not reported to it");
    }

    @Override
    public ListenerRun listenerStarted(String event, ListenerInfo listener) {
        throw new UnsupportedOperationException("Only decorates async hand-offs; listener runs are not reported to it");
    }

}
