package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the parts and failures of one {@code emitAsync}. Parts are added on the emitting thread only, before
 * {@link #completion()}; failures may arrive from any thread, even after the future has completed (from an
 * invocation abandoned at shutdown that goes on running).
 */
final class AsyncOutcome {

    private final List<Part> parts = new ArrayList<>();

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Set when the future's failures are collected: a failure added after that is not the future's. */
    private volatile boolean settled;

    Part newPart() {
        Part part = new Part(this);
        this.parts.add(part);
        return part;
    }

    /**
     * Adds a failure to the future, unless its failures have been collected already.
     * @return whether the future carries it; when not, the caller reports it elsewhere
     */
    boolean failed(Throwable failure) {
        this.failures.add(failure);
        // added, then checked; the completion sets the flag, then polls: one of the two sees the other
        return !this.settled || !this.failures.remove(failure);
    }

    CompletableFuture<Void> completion() {
        CompletableFuture<?>[] all = this.parts.toArray(CompletableFuture[]::new);
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture.allOf(all).whenComplete((ignored, unused) -> {
            this.settled = true;
            Throwable first = this.failures.poll();
            if (first == null) {
                result.complete(null);
                return;
            }
            for (Throwable later = this.failures.poll(); later != null; later = this.failures.poll()) {
                if (later != first) {
                    first.addSuppressed(later);
                }
            }
            result.completeExceptionally(first);
        });
        return result;
    }

    /**
     * One part of the future: completed when one listener's work has ended. It knows its outcome, so that an
     * invocation keeps one reference for both (an invocation is allocated per hand-off, and every field counts).
     */
    static final class Part extends CompletableFuture<Void> {

        final AsyncOutcome outcome;

        private Part(AsyncOutcome outcome) {
            this.outcome = outcome;
        }

    }

}
