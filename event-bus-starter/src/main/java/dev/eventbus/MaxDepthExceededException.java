package dev.eventbus;

import java.util.List;

import org.springframework.util.Assert;

/**
 * An emit would nest deeper than the emitter's maximum depth on one thread (a listener emitting an event whose
 * listener emits again, and so on): a runaway recursion stopped before it overflows the stack. It is thrown by the
 * emit that would go too deep, and so reaches the listener that called it, which fails like any sync listener: the
 * exception propagates out of every enclosing emit to the first caller. The message lists the chain of event names,
 * outermost first.
 */
public class MaxDepthExceededException extends EventBusException {

    private static final long serialVersionUID = 1L;

    /** Past this many names the message shows the ends of the chain only; {@link #getChain()} has all of them. */
    private static final int SHOWN_AT_EACH_END = 8;

    private final List<String> chain;

    private final int maxDepth;

    /**
     * Creates the exception.
     * @param chain the names of the emits in progress on the thread, outermost first, then the rejected one
     * @param maxDepth the limit that the rejected emit would exceed
     * @throws IllegalArgumentException when {@code chain} is empty
     */
    public MaxDepthExceededException(List<String> chain, int maxDepth) {
        super(message(chain, maxDepth));
        this.chain = List.copyOf(chain);
        this.maxDepth = maxDepth;
    }

    private static String message(List<String> chain, int maxDepth) {
        Assert.notEmpty(chain, "The chain must hold at least the rejected emit, but was empty");
        return "Emit of '" + chain.get(chain.size() - 1) + "' would nest " + chain.size()
                + " emits deep on one thread, more than the maximum depth of " + maxDepth
                + " (eventbus.max-depth); is a listener emitting an event that leads back to itself? Chain: "
                + describe(chain);
    }

    private static String describe(List<String> chain) {
        if (chain.size() <= 2 * SHOWN_AT_EACH_END + 1) {
            return String.join(" -> ", chain);
        }
        int hidden = chain.size() - 2 * SHOWN_AT_EACH_END;
        return String.join(" -> ", chain.subList(0, SHOWN_AT_EACH_END)) + " -> ... (" + hidden + " more) -> "
                + String.join(" -> ", chain.subList(chain.size() - SHOWN_AT_EACH_END, chain.size()));
    }

    /**
     * The chain of emits that was too deep.
     * @return the event names, outermost first; the last one is the emit that was rejected
     */
    public List<String> getChain() {
        return this.chain;
    }

    /**
     * The limit that was exceeded.
     * @return the maximum number of emits nested on one thread
     */
    public int getMaxDepth() {
        return this.maxDepth;
    }
}
