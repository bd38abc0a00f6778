package dev.eventbus.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The queue of an ordered async listener: its invocations wait here in emit order and run one at a time, each as
 * a task of the bus executor, so that no thread is reserved for the listener. Whoever claims the lane runs its
 * oldest invocation and releases the lane when that invocation has finished (including a returned stage).
 */
final class SerialLane {

    private final ConcurrentLinkedQueue<TrackedInvocation> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean running = new AtomicBoolean();

    /** The thread that claimed the lane, to recognise an ordered listener emitting to itself. */
    private volatile @Nullable Thread runner;

    /** The task handed to the executor to run the lane's next invocation; the same object every time. */
    final Runnable step;

    SerialLane(Consumer<SerialLane> stepper) {
        this.step = () -> stepper.accept(this);
    }

    void add(TrackedInvocation invocation) {
        this.queue.add(invocation);
    }

    boolean remove(TrackedInvocation invocation) {
        return this.queue.remove(invocation);
    }

    @Nullable TrackedInvocation poll() {
        return this.queue.poll();
    }

    @Nullable TrackedInvocation peek() {
        return this.queue.peek();
    }

    boolean isEmpty() {
        return this.queue.isEmpty();
    }

    boolean tryClaim() {
        if (this.running.compareAndSet(false, true)) {
            this.runner = Thread.currentThread();
            return true;
        }
        return false;
    }

    boolean isRunBy(Thread thread) {
        return this.running.get() && this.runner == thread;
    }

    void release() {
        this.runner = null;
        this.running.set(false);
    }

}
