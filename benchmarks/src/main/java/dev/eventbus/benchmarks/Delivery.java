package dev.eventbus.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Where every contender's listeners put what they receive: a {@link Blackhole}, so the JIT cannot drop the work,
 * and a count, so a setup can prove that a contender reaches exactly the listeners it claims to.
 */
public final class Delivery {

    private final Blackhole blackhole;

    private long count;

    /**
     * Creates a delivery into a JMH blackhole.
     * @param blackhole the blackhole of the running benchmark
     */
    public Delivery(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    /**
     * Consumes one listener invocation's argument.
     * @param argument what the listener received
     */
    public void accept(Object argument) {
        this.count++;
        this.blackhole.consume(argument);
    }

    /**
     * Counts the invocations that one post makes.
     * @param contender names the contender in the failure message
     * @param expected how many listeners the post must reach
     * @param post posts one event
     * @throws IllegalStateException when the post reached another number of listeners
     */
    public void expect(String contender, int expected, Runnable post) {
        long before = this.count;
        post.run();
        long delivered = this.count - before;
        if (delivered != expected) {
            throw new IllegalStateException(contender + " delivered one event to " + delivered + " listeners, expected "
                    + expected);
        }
    }

    /**
     * Invocations counted so far.
     * @return the count
     */
    public long count() {
        return this.count;
    }

}
