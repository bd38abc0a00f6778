package dev.eventbus.core;

import dev.eventbus.Event;
import dev.eventbus.ListenerInfo;

/**
 * One listener's invocation for one event, as a {@link Delivery} receives it: the arguments were checked (bound, for
 * a listener with a condition) and the condition held when it was created. Running it goes through the engine's one listener-run block: the
 * {@code eventbus.listener} timer, the interceptors' run, the follow-up of a returned {@code CompletionStage}, and
 * the routing of a failure. An invocation runs at most once; its {@code emitAsync} future, if any, waits for it.
 */
public interface Invocation {

    /**
     * The event being delivered.
     * @return the event
     */
    Event event();

    /**
     * The listener it is for.
     * @return the listener's registration details
     */
    ListenerInfo listener();

    /**
     * Runs the listener on this thread, as an async listener runs: a failure (or a failed returned stage) has no
     * caller, so it goes to the {@code emitAsync} future, or is emitted as {@code "error"}, or logged. Does nothing
     * if the invocation has already run or was discarded.
     */
    void run();

    /**
     * Runs the listener on this thread, as a sync listener runs: a failure is thrown to the caller (the same
     * instance when unchecked, wrapped in a {@link dev.eventbus.ListenerInvocationException} when checked); a failed
     * returned stage is routed as {@link #run()} routes it. Does nothing if the invocation has already run or was
     * discarded.
     * @throws Throwable the listener's failure
     */
    void call() throws Throwable;

    /**
     * Ends this invocation without running it here: its work went to something that runs it later or elsewhere (a
     * publication log, a broker), or the moment it waited for never came (the commit of a transaction that rolled
     * back). An {@code emitAsync} future stops waiting for it, and running it afterwards does nothing. Does nothing if
     * it has already run.
     */
    void withdraw();

}
