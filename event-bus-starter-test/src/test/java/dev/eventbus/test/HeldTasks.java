package dev.eventbus.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An executor that holds the tasks handed to it until the test runs them, so that "later" is a step of the test.
 */
final class HeldTasks implements Executor {

    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        this.tasks.add(task);
    }

    /**
     * Runs the tasks held so far, on the calling thread, in the order they were handed over.
     * @return how many ran
     */
    int runAll() {
        List<Runnable> held;
        synchronized (this) {
            held = List.copyOf(this.tasks);
            this.tasks.clear();
        }
        held.forEach(Runnable::run);
        return held.size();
    }

}
