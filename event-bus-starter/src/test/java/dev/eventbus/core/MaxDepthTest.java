package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.MaxDepthExceededException;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A runaway recursion of nested emits stops at the maximum depth with an exception that lists the chain of event
 * names, instead of overflowing the stack; the bus works on afterwards.
 */
class MaxDepthTest {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService executor = NamedExecutors.async(1);

    @AfterEach
    void stopExecutor() {
        this.executor.shutdownNow();
    }

    @Test
    void listenerEmittingItsOwnEventFailsAtTheDefaultDepthOf64ListingTheChain() {
        Emitter emitter = Emitter.create();
        AtomicInteger calls = new AtomicInteger();
        emitter.on("a", (event) -> {
            calls.incrementAndGet();
            emitter.emit("a");
        });

        assertThatThrownBy(() -> emitter.emit("a")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> {
                    assertThat(ex.getMaxDepth()).isEqualTo(64);
                    assertThat(ex.getChain()).hasSize(65).containsOnly("a");
                    assertThat(ex.getMessage()).contains("'a'", "65", "64", "eventbus.max-depth",
                            "a -> a -> a -> a -> a -> a -> a -> a -> ... (49 more) -> a -> a");
                });
        assertThat(calls).hasValue(64);
        assertThat(EmitChain.currentDepth()).isZero();
    }

    @Test
    void mutualRecursionListsTheEventsInTheOrderTheyNested() {
        Emitter emitter = Emitter.builder().maxDepth(5).build();
        emitter.on("ping", (event) -> emitter.emit("pong"));
        emitter.on("pong", (event) -> emitter.emit("ping"));

        assertThatThrownBy(() -> emitter.emit("ping")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> {
                    assertThat(ex.getChain()).containsExactly("ping", "pong", "ping", "pong", "ping", "pong");
                    assertThat(ex.getMessage()).contains("Emit of 'pong' would nest 6 emits deep",
                            "maximum depth of 5", "Chain: ping -> pong -> ping -> pong -> ping -> pong");
                });
    }

    @Test
    void theChainListsOnlyTheEmitsInProgressNotTheNamesOfEarlierDeeperChains() {
        // the chain keeps the names of finished emits in place (no store when a depth's name is unchanged): a later,
        // shorter chain of other names must list its own names only
        Emitter emitter = Emitter.builder().maxDepth(3).build();
        emitter.on("deep.1", (event) -> emitter.emit("deep.2"));
        emitter.on("deep.2", (event) -> emitter.emit("deep.3"));
        emitter.on("deep.3", (event) -> {
        });
        emitter.on("b", (event) -> emitter.emit("b"));
        emitter.emit("deep.1");

        assertThatThrownBy(() -> emitter.emit("b")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> assertThat(ex.getChain()).containsExactly("b", "b", "b", "b"));
        emitter.on("c", (event) -> emitter.emit("b"));
        assertThatThrownBy(() -> emitter.emit("c")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> assertThat(ex.getChain()).containsExactly("c", "b", "b", "b"));
        assertThat(EmitChain.currentDepth()).isZero();
    }

    @Test
    void nestingExactlyTheMaximumDepthSucceedsAndOneMoreFails() {
        Emitter emitter = Emitter.create();
        List<Integer> depths = Collections.synchronizedList(new ArrayList<>());
        emitter.on("nest", (event) -> {
            int depth = event.arg(0, Integer.class);
            int target = event.arg(1, Integer.class);
            depths.add(depth);
            if (depth < target) {
                emitter.emit("nest", depth + 1, target);
            }
        });

        assertThat(emitter.emit("nest", 1, 64)).isTrue();
        assertThat(depths).hasSize(64).endsWith(64);

        depths.clear();
        assertThatThrownBy(() -> emitter.emit("nest", 1, 65)).isInstanceOfSatisfying(
                MaxDepthExceededException.class, (ex) -> assertThat(ex.getChain()).hasSize(65));
        assertThat(depths).hasSize(64);
    }

    @Test
    void failurePropagatesThroughEveryEnclosingEmitAsTheSameInstanceAndStopsThem() {
        Emitter emitter = Emitter.builder().maxDepth(3).build();
        List<String> after = new ArrayList<>();
        emitter.on("a", (event) -> {
            emitter.emit("b");
            after.add("a finished");
        });
        emitter.on("a", (event) -> after.add("second listener of a"));
        emitter.on("b", (event) -> {
            emitter.emit("c");
            after.add("b finished");
        });
        emitter.on("c", (event) -> emitter.emit("d"));
        List<Throwable> errors = new ArrayList<>();
        emitter.on("error", (event) -> errors.add(event.arg(0, Throwable.class)));

        assertThatThrownBy(() -> emitter.emit("a")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> assertThat(ex.getChain()).containsExactly("a", "b", "c", "d"));
        assertThat(after).isEmpty();
        assertThat(errors).as("a sync failure has a caller, so it is not emitted as 'error'").isEmpty();
    }

    @Test
    void emitterWorksAfterADepthFailureAndTheNextChainMayGoAsDeepAgain() {
        Emitter emitter = Emitter.builder().maxDepth(4).build();
        AtomicInteger remaining = new AtomicInteger();
        emitter.on("down", (event) -> {
            if (remaining.decrementAndGet() > 0) {
                emitter.emit("down");
            }
        });
        List<String> sentinel = new ArrayList<>();
        emitter.on("sentinel", (event) -> sentinel.add(event.name()));

        remaining.set(100);
        assertThatThrownBy(() -> emitter.emit("down")).isInstanceOf(MaxDepthExceededException.class);

        assertThat(EmitChain.currentDepth()).isZero();
        assertThat(emitter.emit("sentinel")).isTrue();
        assertThat(sentinel).containsExactly("sentinel");
        remaining.set(4);
        assertThat(emitter.emit("down")).isTrue();
        assertThat(remaining).hasValue(0);
        assertThat(emitter.listenerCount("down")).isOne();
    }

    @Test
    void tooDeepEmitInsideEmitAsyncFailsItsFutureInsteadOfThrowing() {
        Emitter emitter = Emitter.builder().maxDepth(2).build();
        emitter.on("a", (event) -> emitter.emit("a"));

        CompletableFuture<Void> future = emitter.emitAsync("a");

        assertThat(future).failsWithin(WAIT).withThrowableThat()
            .havingRootCause().isInstanceOf(MaxDepthExceededException.class);
        assertThat(EmitChain.currentDepth()).isZero();
    }

    @Test
    void emitAsyncItselfBeyondTheMaximumDepthThrowsLikeEmit() {
        Emitter emitter = Emitter.builder().maxDepth(2).build();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        emitter.on("a", (event) -> futures.add(emitter.emitAsync("a")));

        CompletableFuture<Void> outer = emitter.emitAsync("a");

        // the listener at depth 2 called emitAsync at depth 3, which threw: its own emitAsync failed with that
        assertThat(futures).hasSize(1);
        assertThat(futures.get(0)).failsWithin(WAIT).withThrowableThat()
            .havingRootCause().isInstanceOfSatisfying(MaxDepthExceededException.class,
                    (ex) -> assertThat(ex.getChain()).containsExactly("a", "a", "a"));
        assertThat(outer).succeedsWithin(WAIT);
    }

    @Test
    void asyncListenerStartsAFreshChainOnTheExecutorThread() throws Exception {
        Emitter emitter = Emitter.builder().maxDepth(3).executor(this.executor).build();
        DeepAsyncListener listener = new DeepAsyncListener(emitter);
        emitter.register(listener);

        emitter.emit("outer.1");

        assertThat(listener.reached).succeedsWithin(WAIT).isEqualTo(3);
    }

    @Test
    void asyncListenerRunByTheCallerBecauseTheExecutorRefusedItContinuesTheCallersChain() {
        Emitter emitter = Emitter.builder().maxDepth(3).executor((task) -> {
            throw new RejectedExecutionException("always full");
        }).build();
        DeepAsyncListener listener = new DeepAsyncListener(emitter);
        emitter.register(listener);
        List<Object> reported = new CopyOnWriteArrayList<>();
        emitter.on("error", (event) -> reported.addAll(event.args()));

        assertThat(emitter.emit("outer.1")).as("an async listener's failure does not reach the emitter").isTrue();

        assertThat(listener.reached).isNotDone();
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> assertThat(ex.getChain()).containsExactly("outer.1", "outer.2", "outer.3", "inner.1"));
        assertThat(reported.get(1)).isEqualTo(new ListenerFailure("outer.3", "DeepAsyncListener#handOff", List.of()));
        assertThat(EmitChain.currentDepth()).isZero();
    }

    @Test
    void depthCountsEveryEmitterOnTheThreadSinceTheyShareItsStack() {
        Emitter first = Emitter.builder().maxDepth(5).build();
        Emitter second = Emitter.builder().maxDepth(5).build();
        first.on("there", (event) -> second.emit("back"));
        second.on("back", (event) -> first.emit("there"));

        assertThatThrownBy(() -> first.emit("there")).isInstanceOfSatisfying(MaxDepthExceededException.class,
                (ex) -> assertThat(ex.getChain()).containsExactly("there", "back", "there", "back", "there", "back"));
    }

    @Test
    void maximumDepthMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> Emitter.builder().maxDepth(0))
            .withMessage("Max depth must be positive, but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Emitter.builder().maxDepth(-5))
            .withMessageContaining("-5");
        DefaultEmitter emitter = (DefaultEmitter) Emitter.create();
        assertThatIllegalArgumentException().isThrownBy(() -> emitter.setMaxDepth(0))
            .withMessageContaining("but was 0");
        assertThat(emitter.getMaxDepth()).isEqualTo(64);
    }

    /** Three sync levels, then an async listener that nests three levels again on the executor thread. */
    public static class DeepAsyncListener {

        private final Emitter emitter;

        final CompletableFuture<Integer> reached = new CompletableFuture<>();

        DeepAsyncListener(Emitter emitter) {
            this.emitter = emitter;
        }

        @On("outer.1")
        public void outer1() {
            this.emitter.emit("outer.2");
        }

        @On("outer.2")
        public void outer2() {
            this.emitter.emit("outer.3");
        }

        @On(value = "outer.3", async = true)
        public void handOff() {
            this.emitter.emit("inner.1");
        }

        @On("inner.1")
        public void inner1() {
            this.emitter.emit("inner.2");
        }

        @On("inner.2")
        public void inner2() {
            this.emitter.emit("inner.3");
        }

        @On("inner.3")
        public void inner3() {
            this.reached.complete(EmitChain.currentDepth());
        }
    }
}
