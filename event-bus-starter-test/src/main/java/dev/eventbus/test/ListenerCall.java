package dev.eventbus.test;

import dev.eventbus.ListenerInfo;
import org.jspecify.annotations.Nullable;

/**
 * One run of a listener for a {@link RecordedEvent}: which listener, and whether it has finished and how. A call is
 * recorded when the listener starts, on the thread that runs it, and finished when its method returns or throws
 * (for a listener that returns a {@link java.util.concurrent.CompletionStage}, when that stage completes).
 * <p>
 * Thread-safe: its state is read as it is at the time of the call.
 */
public final class ListenerCall {

    private final ListenerInfo listener;

    private volatile boolean finished;

    private volatile @Nullable Throwable failure;

    ListenerCall(ListenerInfo listener) {
        this.listener = listener;
    }

    /**
     * The listener that ran.
     * @return its registration
     */
    public ListenerInfo listener() {
        return this.listener;
    }

    /**
     * The id of the listener that ran.
     * @return the listener id
     */
    public String listenerId() {
        return this.listener.id();
    }

    /**
     * Whether the listener's work is finished, successfully or not.
     * @return whether it finished
     */
    public boolean isFinished() {
        return this.finished;
    }

    /**
     * Whether the listener's work finished without a failure.
     * @return whether it succeeded
     */
    public boolean succeeded() {
        return this.finished && this.failure == null;
    }

    /**
     * What the listener failed with.
     * @return its failure, or {@code null} while it runs or when it succeeded
     */
    public @Nullable Throwable failure() {
        return this.failure;
    }

    void finish(@Nullable Throwable failure) {
        this.failure = failure;
        this.finished = true;
    }

    @Override
    public String toString() {
        String id = this.listener.id();
        if (!this.finished) {
            return id + " (running)";
        }
        Throwable failed = this.failure;
        return (failed != null) ? id + " (failed: " + EventReport.describe(failed) + ")" : id;
    }

}
