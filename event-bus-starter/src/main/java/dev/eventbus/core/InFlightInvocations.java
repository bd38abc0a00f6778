package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.eventbus.EmitterClosedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The invocations handed off and not finished, and the emitter's close: what a shutdown waits for, and names, counts
 * and fails when it cannot wait any longer. Also the signal that wakes emitting threads waiting for room in the
 * executor, since that room is made by these invocations starting.
 * <p>
 * The unfinished invocations are a doubly linked list through the invocations themselves
 * ({@link TrackedInvocation#previous}, {@link TrackedInvocation#following}), under one lock held for a few writes:
 * accepting and releasing allocate nothing (a set would add a node per hand-off, see docs/benchmarks.md).
 */
final class InFlightInvocations {

    /** The emitter's log category, shared by the classes it is made of. */
    private static final Log logger = LogFactory.getLog(DefaultEmitter.class);

    /** The list's head and count, and the lock that guards them and the links. */
    private final Unfinished list = new Unfinished();

    final RoomSignal room = new RoomSignal();

    private final Object closeLock = new Object();

    private final Object drainSignal = new Object();

    /** Set when closing starts: emits are refused from then on. */
    private volatile boolean closed;

    /** Set when closing has drained what it could: whatever is still accepted after that is reported at once. */
    private volatile boolean terminated;

    /** Set, under the close lock, when the first shutdown has its answer, which later calls wait for. */
    private boolean reported;

    private int unfinishedAtShutdown;

    boolean isClosed() {
        return this.closed;
    }

    int pending() {
        synchronized (this.list) {
            return this.list.pending;
        }
    }

    /**
     * Takes charge of an invocation about to be handed off (by the delivery it names, see
     * {@link TrackedInvocation#handedOffBy}).
     * @return {@code false} when the emitter has already shut down: the invocation was reported, counted and failed
     * (it is never run), and the caller must not hand it off
     */
    boolean accept(TrackedInvocation invocation) {
        Unfinished list = this.list;
        synchronized (list) {
            TrackedInvocation head = list.newest;
            invocation.previous = null;
            invocation.following = head;
            if (head != null) {
                head.previous = invocation;
            }
            list.newest = invocation;
            list.pending++;
        }
        if (this.terminated) {
            // accepted after the shutdown report was made: reported on its own, never run
            abandonLate(invocation);
            return false;
        }
        return true;
    }

    /** An invocation starts running: its executor had room. */
    void started() {
        this.room.signal();
    }

    void released(TrackedInvocation invocation) {
        Unfinished list = this.list;
        synchronized (list) {
            TrackedInvocation previous = invocation.previous;
            TrackedInvocation following = invocation.following;
            if (previous == null && list.newest != invocation) {
                // not in the list: released already (or never accepted); nothing to count
                return;
            }
            if (previous != null) {
                previous.following = following;
            }
            else {
                list.newest = following;
            }
            if (following != null) {
                following.previous = previous;
            }
            invocation.previous = null;
            invocation.following = null;
            list.pending--;
        }
        if (this.closed) {
            // the drain may wait for a count other than zero (a shutdown from inside a listener)
            synchronized (this.drainSignal) {
                this.drainSignal.notifyAll();
            }
        }
    }

    /**
     * Refuses emits from now on, then waits up to {@code timeout} for every accepted invocation; see
     * {@link DefaultEmitter#shutdown(Duration)}. Called from inside an async listener, it does not wait for the
     * invocations the calling thread is running (they cannot end before it returns), nor report them.
     * @return whether every accepted invocation finished in time
     */
    boolean shutdown(Duration timeout) {
        synchronized (this.closeLock) {
            if (this.closed) {
                return awaitTerminated();
            }
            this.closed = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int own = runningOnThisThread();
        boolean drained = awaitDrained(deadline, own);
        // From here on, accept() reports an invocation at once instead of letting it through. One that slipped
        // through between the drain's last look and this line is seen by the look below: accept() counts under the
        // list lock and then reads the flag, this writes the flag and then reads the count under the same lock, so
        // whichever of the two takes the lock second sees the other's write (InFlightInvocationsTest shows the
        // interleaving).
        this.terminated = true;
        if (drained && pending() > own) {
            drained = awaitDrained(deadline, own);
        }
        int unfinished = drained ? 0 : abandonUnfinished(timeout);
        synchronized (this.closeLock) {
            this.unfinishedAtShutdown = unfinished;
            this.reported = true;
            this.closeLock.notifyAll();
        }
        return unfinished == 0;
    }

    private int runningOnThisThread() {
        int own = 0;
        for (TrackedInvocation invocation : unfinished()) {
            if (invocation.isRunningOnThisThread()) {
                own++;
            }
        }
        return own;
    }

    /** The invocations accepted and not released, oldest first: a copy, to go through without the lock. */
    List<TrackedInvocation> unfinished() {
        synchronized (this.list) {
            List<TrackedInvocation> unfinished = new ArrayList<>(this.list.pending);
            for (TrackedInvocation invocation = this.list.newest; invocation != null;
                    invocation = invocation.following) {
                unfinished.add(invocation);
            }
            Collections.reverse(unfinished);
            return unfinished;
        }
    }

    private boolean awaitTerminated() {
        boolean interrupted = false;
        synchronized (this.closeLock) {
            while (!this.reported) {
                try {
                    this.closeLock.wait();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return this.unfinishedAtShutdown == 0;
        }
    }

    /** Waits until no more than {@code left} accepted invocations are unfinished, or the deadline. */
    private boolean awaitDrained(long deadline, int left) {
        synchronized (this.drainSignal) {
            while (pending() > left) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this.drainSignal, remaining);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reports, counts and fails whatever is still accepted once the shutdown timeout has run out.
     * @return how many invocations did not finish
     */
    private int abandonUnfinished(Duration timeout) {
        int queued = 0;
        int running = 0;
        Map<String, Map<String, Integer>> byEvent = new TreeMap<>();
        for (TrackedInvocation invocation : unfinished()) {
            if (invocation.isRunningOnThisThread()) {
                // the listener that is closing the emitter: it goes on once this returns
                continue;
            }
            boolean discarded = invocation.discard();
            if (!discarded && !invocation.isRunning()) {
                continue;
            }
            if (discarded) {
                queued++;
            }
            else {
                running++;
            }
            byEvent.computeIfAbsent(invocation.name, (name) -> new TreeMap<>())
                .merge(invocation.registration.info.id(), 1, Integer::sum);
            abandon(invocation, discarded, "did not finish within the shutdown timeout of " + timeout);
        }
        int unfinished = queued + running;
        if (unfinished > 0) {
            logger.warn("Event bus shut down with " + unfinished + " async listener invocation"
                    + ((unfinished != 1) ? "s" : "") + " unfinished after waiting " + timeout + " (" + queued
                    + " queued, discarded; " + running
                    + " still running, left to finish or to be interrupted when the executor stops), "
                    + "by event and listener: " + byEvent + ". Raise eventbus.async.shutdown-timeout if they "
                    + "need more time");
        }
        return unfinished;
    }

    /** An invocation accepted after the shutdown report was made: reported on its own, never run. */
    private void abandonLate(TrackedInvocation invocation) {
        if (!invocation.discard()) {
            return;
        }
        logger.warn("Async listener '" + invocation.registration.info.id() + "' was not run for event '"
                + invocation.name + "': the event bus had already shut down");
        abandon(invocation, true, "was accepted after the event bus had shut down");
    }

    private void abandon(TrackedInvocation invocation, boolean discarded, String why) {
        invocation.instruments.abandoned();
        AsyncOutcome outcome = invocation.outcome();
        CompletableFuture<Void> done = invocation.done();
        if (outcome != null && done != null) {
            outcome.failed(new EmitterClosedException(invocation.name, "Async listener '"
                    + invocation.registration.info.id() + "' " + why + " on event '" + invocation.name
                    + "'"));
            done.complete(null);
        }
        if (discarded) {
            invocation.release();
        }
    }

    /**
     * The head and the count of the list of unfinished invocations, and their lock: a small object of its own, so
     * that what the emitting threads and the executor's threads all write on every hand-off (the lock word, the
     * head, the count) shares one cache line, apart from the flags they only read.
     */
    private static final class Unfinished {

        /** The most recently accepted unfinished invocation. */
        @Nullable TrackedInvocation newest;

        int pending;

    }

}
