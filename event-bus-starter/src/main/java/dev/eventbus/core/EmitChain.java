package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.eventbus.MaxDepthExceededException;
import org.jspecify.annotations.Nullable;

/**
 * The emits in progress on each thread, outermost first: what stops a listener that (directly or not) emits its
 * own event before the recursion overflows the stack. One per thread, shared by every emitter on it, since they
 * share its stack; the hot path is a thread-local lookup, a comparison and, only when the name at that depth changed,
 * an array store.
 * <p>
 * The names of finished emits are left in place rather than cleared: a reference store into this long-lived array
 * costs a garbage collector's write barrier (about 2 ns under G1, docs/benchmarks.md), and an emit of the same name at
 * the same depth, the common case, then writes nothing. What stays is at most one name per depth the thread has
 * reached, until the thread emits another name at that depth; only {@code names[0..depth)} is ever read.
 */
final class EmitChain {

    private static final ThreadLocal<EmitChain> CURRENT = ThreadLocal.withInitial(EmitChain::new);

    private @Nullable String[] names = new String[8];

    private int depth;

    private EmitChain() {
    }

    /**
     * Enters an emit on the current thread; every successful call must be paired with {@link #exit()}.
     * @param event the name being emitted
     * @param maxDepth the most emits that may be in progress on the thread, this one included
     * @return the current thread's chain
     * @throws MaxDepthExceededException when this emit would exceed {@code maxDepth}
     */
    static EmitChain enter(String event, int maxDepth) {
        EmitChain chain = CURRENT.get();
        int depth = chain.depth;
        if (depth >= maxDepth) {
            throw new MaxDepthExceededException(chain.namesWith(event), maxDepth);
        }
        @Nullable String[] names = chain.names;
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            chain.names = names;
        }
        if (names[depth] != event) {
            names[depth] = event;
        }
        chain.depth = depth + 1;
        return chain;
    }

    void exit() {
        this.depth--;
    }

    /** How many emits are in progress on the current thread (for tests). */
    static int currentDepth() {
        return CURRENT.get().depth;
    }

    private List<String> namesWith(String event) {
        List<String> chain = new ArrayList<>(this.depth + 1);
        for (int i = 0; i < this.depth; i++) {
            chain.add(String.valueOf(this.names[i]));
        }
        chain.add(event);
        return chain;
    }
}
