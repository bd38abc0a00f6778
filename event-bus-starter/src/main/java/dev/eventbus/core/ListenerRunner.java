package dev.eventbus.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.eventbus.core.EmitInterceptor.ListenerRun;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import org.jspecify.annotations.Nullable;

/**
 * The one place a listener is run: its {@code eventbus.listener} timer (and, for an async listener, its wait), the
 * interceptors' {@link ListenerRun}, the follow-up of a returned {@code CompletionStage}, and the recording and
 * routing of its failure. Every delivery ends here; the dispatcher's loop keeps one specialised copy for direct
 * listeners (see {@code Dispatcher.dispatch} and docs/benchmarks.md, "The direct run"), which shares the ends of a
 * run with this class.
 */
final class ListenerRunner {

    final boolean timed;

    /** Told about every listener run; null when there is none, or only decorate-only ones. */
    private final @Nullable EmitInterceptor interceptor;

    /** Wraps the task of every hand-off; null when no interceptor is installed. */
    private final @Nullable EmitInterceptor decorator;

    private final FailureRouter failures;

    ListenerRunner(boolean timed, @Nullable EmitInterceptor interceptor, @Nullable EmitInterceptor decorator,
            FailureRouter failures) {
        this.timed = timed;
        this.interceptor = interceptor;
        this.decorator = decorator;
        this.failures = failures;
    }

    /**
     * Runs a listener on this thread, for the dispatcher (an inline listener it does not run itself), with no
     * invocation: a failure propagates, a returned stage takes a new {@code emitAsync} part.
     * @param registration the listener
     * @param instruments its instruments for this event
     * @param event the event
     * @param bound the bound arguments
     * @param outcome the {@code emitAsync} outcome, or {@code null}
     * @return whether the listener's work has ended; {@code false} when a returned stage ends it later
     * @throws Throwable the listener's failure, checked ones wrapped
     */
    boolean run(Registration registration, ListenerInstruments instruments, EmittedEvent event, Object[] bound,
            @Nullable AsyncOutcome outcome) throws Throwable {
        return run(registration, instruments, event.name(), event, bound, outcome, null, true);
    }

    /**
     * Runs an invocation on this thread.
     * @param invocation the invocation, finished when a returned stage completes
     * @param propagate whether a failure is thrown to the caller (a sync run) or routed (a run with no caller)
     * @return whether the listener's work has ended; {@code false} when a returned stage ends it later
     * @throws Throwable the listener's failure, when {@code propagate}, checked ones wrapped
     */
    boolean run(TrackedInvocation invocation, boolean propagate) throws Throwable {
        return run(invocation.registration, invocation.instruments, invocation.name, null, null,
                invocation.outcome(), invocation, propagate);
    }

    /**
     * The run itself: the listener is called with {@code event} and {@code bound} when there is no invocation, else
     * through the invocation (which makes its event only if a failure or a returned stage needs it).
     */
    private boolean run(Registration registration, ListenerInstruments instruments, String name,
            @Nullable EmittedEvent event, @Nullable Object @Nullable [] bound, @Nullable AsyncOutcome outcome,
            @Nullable TrackedInvocation invocation, boolean propagate) throws Throwable {
        ListenerRun run;
        long start;
        if (invocation != null && registration.async) {
            // an async listener's wait ends when its task starts; what the interceptors do then (restore a context,
            // open a span) is part of its run
            start = this.timed ? System.nanoTime() : 0L;
            if (this.timed) {
                instruments.waited(start - invocation.emittedAt());
            }
            run = listenerStarted(registration, name);
        }
        else {
            // a sync run is timed from after the interceptors' start, as the direct run in the dispatcher is
            run = listenerStarted(registration, name);
            start = this.timed ? System.nanoTime() : 0L;
        }
        Object result;
        try {
            result = (invocation != null) ? invocation.invoke()
                    : registration.invoker.invoke(Objects.requireNonNull(event), Objects.requireNonNull(bound));
        }
        catch (Throwable ex) {
            Throwable failure = failed(registration, instruments, name, start, run, ex);
            if (propagate) {
                throw failure;
            }
            this.failures.withoutCaller(registration, eventOf(event, invocation), ex, outcome);
            return true;
        }
        if (run != null) {
            run.returned();
        }
        if (result instanceof CompletionStage<?> stage) {
            awaitStage(stage, registration, instruments, eventOf(event, invocation), start, outcome, invocation, run);
            return false;
        }
        if (this.timed) {
            instruments.succeeded(System.nanoTime() - start);
        }
        if (run != null) {
            run.finished(null);
        }
        return true;
    }

    private static EmittedEvent eventOf(@Nullable EmittedEvent event, @Nullable TrackedInvocation invocation) {
        return (event != null) ? event : Objects.requireNonNull(invocation).event();
    }

    @Nullable ListenerRun listenerStarted(Registration registration, String event) {
        return (this.interceptor != null) ? this.interceptor.listenerStarted(event, registration.info) : null;
    }

    /**
     * Records a listener's failure (timer, interceptor) and returns what a caller gets: the same instance when
     * unchecked, wrapped in a {@link dev.eventbus.ListenerInvocationException} when checked.
     */
    Throwable failed(Registration registration, ListenerInstruments instruments, String event, long start,
            @Nullable ListenerRun run, Throwable ex) {
        if (this.timed) {
            instruments.failed(System.nanoTime() - start, ex);
        }
        if (run != null) {
            run.returned();
            run.finished(ex);
        }
        return FailureRouter.wrapChecked(ex, event, registration);
    }

    /**
     * Records and routes the failure of an invocation that could not be handed off (an executor that failed
     * otherwise than by refusing): the listener's failure, with no run time.
     */
    void failedBeforeRun(TrackedInvocation invocation, Throwable ex) {
        if (this.timed) {
            invocation.instruments.failed(0L, ex);
        }
        this.failures.withoutCaller(invocation.registration, invocation.event(), ex, invocation.outcome());
    }

    /**
     * Ends a listener's work when its returned stage completes: a failed stage has no caller. The invocation, if
     * any, is finished then (its {@code emitAsync} part, pending count and ordered lane); an inline run takes a new
     * {@code emitAsync} part instead.
     */
    void awaitStage(CompletionStage<?> stage, Registration registration, ListenerInstruments instruments,
            EmittedEvent event, long start, @Nullable AsyncOutcome outcome, @Nullable TrackedInvocation invocation,
            @Nullable ListenerRun run) {
        CompletableFuture<Void> part = (invocation != null || outcome == null) ? null : outcome.newPart();
        stage.whenComplete((value, failure) -> {
            try {
                if (failure == null) {
                    if (this.timed) {
                        instruments.succeeded(System.nanoTime() - start);
                    }
                    if (run != null) {
                        run.finished(null);
                    }
                }
                else {
                    Throwable cause = FailureRouter.unwrap(failure);
                    if (this.timed) {
                        instruments.failed(System.nanoTime() - start, cause);
                    }
                    if (run != null) {
                        run.finished(cause);
                    }
                    this.failures.withoutCaller(registration, event, cause, outcome);
                }
            }
            finally {
                if (invocation != null) {
                    invocation.finish();
                }
                else if (part != null) {
                    part.complete(null);
                }
            }
        });
    }

    /** What an executor runs for an invocation: the invocation, decorated by the interceptors on this thread. */
    Runnable decorate(Runnable invocation) {
        return (this.decorator != null) ? this.decorator.decorate(invocation) : invocation;
    }

}
