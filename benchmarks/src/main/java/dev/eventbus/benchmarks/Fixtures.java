package dev.eventbus.benchmarks;

/**
 * What every scenario shares: how many listener classes a contender spreads its listeners over, and the warm-up
 * that makes its dispatch call sites see all of them before the JIT compiles them.
 */
public final class Fixtures {

    /** Listener {@code i} is of class {@code i % LISTENER_CLASSES}: more than two, so call sites are megamorphic. */
    public static final int LISTENER_CLASSES = 4;

    /** Posts made to a throwaway instance at setup: enough to profile and compile the dispatch path. */
    static final int WARM_UP_POSTS = 20_000;

    private Fixtures() {
    }

    /**
     * The argument every contender delivers.
     * @return a new event
     */
    public static OrderPlaced payload() {
        return new OrderPlaced(42L, "book");
    }

    /**
     * Runs a post through a contender built with listeners of every class, so that its dispatch call sites are
     * profiled as megamorphic, as they are in an application with many listener classes, and not as
     * monomorphic because the benchmark registered one listener.
     * @param post one post to a throwaway instance of the contender with {@link #LISTENER_CLASSES} listeners
     */
    public static void warmUpWithEveryListenerClass(Runnable post) {
        for (int i = 0; i < WARM_UP_POSTS; i++) {
            post.run();
        }
    }

}
