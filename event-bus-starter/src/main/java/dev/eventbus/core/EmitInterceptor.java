package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Sees every emit call and every listener run as it happens, for tracing and for recording events in tests.
 * Unlike {@link EmitterInstrumentation}, whose instruments are resolved once per name, an interceptor is called on
 * each call; an emitter built without one makes no such calls at all.
 * <p>
 * Calls arrive on the thread that does the work: {@link #emitStarted} and its scope's {@code close} on the emitting
 * thread, {@link #listenerStarted} on the thread that runs the listener (the executor's, for an async listener,
 * after the task returned by {@link #decorate} has restored whatever it captured). An interceptor must not throw;
 * if it does, the exception propagates like a listener's.
 */
public interface EmitInterceptor {

    /**
     * Sees nothing. {@link #of} leaves it out and an emitter given it makes no interceptor calls, so a
     * configuration that finds nothing to observe can contribute it and cost the emit path nothing.
     */
    EmitInterceptor NONE = new EmitInterceptor() {

        @Override
        public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
            return (outcome, failure) -> {
            };
        }

        @Override
        public ListenerRun listenerStarted(String event, ListenerInfo listener) {
            return new ListenerRun() {

                @Override
                public void returned() {
                }

                @Override
                public void finished(@Nullable Throwable failure) {
                }
            };
        }

        @Override
        public String toString() {
            return "EmitInterceptor.NONE";
        }
    };

    /**
     * Whether this interceptor only wraps the tasks of async hand-offs: an emitter then calls nothing but
     * {@link #decorate} on it (never {@link #emitStarted} nor {@link #listenerStarted}), so that the emit path, and
     * every sync listener, pays nothing for it.
     * @return {@code true} when only {@link #decorate} matters; {@code false} by default
     */
    default boolean decoratesOnly() {
        return false;
    }

    /**
     * Called once by each emitter this interceptor is installed in, at the end of that emitter's construction, so
     * that an interceptor can tell whether any emitter reports to it.
     */
    default void installed() {
    }

    /**
     * Called when an {@code emit} or {@code emitAsync} of a valid name starts, before any listener runs; also for
     * the {@code "error"} event the emitter emits itself for a failure that has no caller.
     * @param event the emitted name
     * @param args the emitted arguments; read them now, never modify or keep the array
     * @param async whether this is an {@code emitAsync} call
     * @return the scope the emitter closes on the same thread when the emit's dispatch ends
     */
    EmitScope emitStarted(String event, @Nullable Object[] args, boolean async);

    /**
     * Called on the thread that runs a listener, just before it runs.
     * @param event the emitted name
     * @param listener the listener
     * @return the run, told when the listener returns and when its work is finished
     */
    ListenerRun listenerStarted(String event, ListenerInfo listener);

    /**
     * Wraps the task that runs an async listener, on the emitting thread at hand-off, so that context current
     * there (a trace, MDC entries) can be restored on the executor's thread.
     * @param task the task
     * @return the task to hand to the executor
     */
    default Runnable decorate(Runnable task) {
        return task;
    }

    /**
     * Combines interceptors: each is started in the given order and closed in the reverse order. {@link #NONE}
     * entries are left out.
     * @param interceptors the interceptors
     * @return the single interceptor to install, or {@code null} for none
     */
    static @Nullable EmitInterceptor of(List<? extends EmitInterceptor> interceptors) {
        Assert.noNullElements(interceptors, "Interceptors must not contain null");
        List<EmitInterceptor> active = new ArrayList<>(interceptors.size());
        for (EmitInterceptor interceptor : interceptors) {
            if (interceptor != NONE) {
                active.add(interceptor);
            }
        }
        if (active.isEmpty()) {
            return null;
        }
        if (active.size() == 1) {
            return active.get(0);
        }
        return new CompositeEmitInterceptor(List.copyOf(active));
    }

    /**
     * One emit, as seen by an interceptor.
     */
    interface EmitScope {

        /**
         * Called on the emitting thread when the emit's dispatch ends: every sync listener has returned and every
         * async one has been handed off.
         * @param outcome how the emit ended
         * @param failure what the emit throws (a sync listener's failure, or an unhandled {@code "error"}; for
         * {@code emitAsync}, what fails its future at once), or {@code null}
         */
        void close(EmitOutcome outcome, @Nullable Throwable failure);
    }

    /**
     * One listener run, as seen by an interceptor.
     */
    interface ListenerRun {

        /**
         * Called on the thread that ran the listener, when its method returned or threw; before
         * {@link #finished}.
         */
        void returned();

        /**
         * Called when the listener's work is finished: at once after {@link #returned()}, or when the
         * {@code CompletionStage} it returned completes (possibly on another thread).
         * @param failure the listener's failure, or {@code null}
         */
        void finished(@Nullable Throwable failure);
    }

}

/**
 * Several interceptors behind one, so the engine keeps a single field and a single null check.
 */
final class CompositeEmitInterceptor implements EmitInterceptor {

    private final List<EmitInterceptor> interceptors;

    /** Those that see emits and listener runs: the decorate-only ones are not called for them. */
    private final List<EmitInterceptor> observers;

    CompositeEmitInterceptor(List<EmitInterceptor> interceptors) {
        this.interceptors = interceptors;
        this.observers = interceptors.stream().filter((interceptor) -> !interceptor.decoratesOnly()).toList();
    }

    @Override
    public boolean decoratesOnly() {
        return this.observers.isEmpty();
    }

    @Override
    public void installed() {
        for (EmitInterceptor interceptor : this.interceptors) {
            interceptor.installed();
        }
    }

    @Override
    public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
        List<EmitScope> scopes = new ArrayList<>(this.observers.size());
        for (EmitInterceptor interceptor : this.observers) {
            scopes.add(interceptor.emitStarted(event, args, async));
        }
        return (outcome, failure) -> {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                scopes.get(i).close(outcome, failure);
            }
        };
    }

    @Override
    public ListenerRun listenerStarted(String event, ListenerInfo listener) {
        List<ListenerRun> runs = new ArrayList<>(this.observers.size());
        for (EmitInterceptor interceptor : this.observers) {
            runs.add(interceptor.listenerStarted(event, listener));
        }
        return new ListenerRun() {

            @Override
            public void returned() {
                for (int i = runs.size() - 1; i >= 0; i--) {
                    runs.get(i).returned();
                }
            }

            @Override
            public void finished(@Nullable Throwable failure) {
                for (int i = runs.size() - 1; i >= 0; i--) {
                    runs.get(i).finished(failure);
                }
            }
        };
    }

    @Override
    public Runnable decorate(Runnable task) {
        Runnable decorated = task;
        for (int i = this.interceptors.size() - 1; i >= 0; i--) {
            decorated = this.interceptors.get(i).decorate(decorated);
        }
        return decorated;
    }

}
