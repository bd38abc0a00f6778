package dev.eventbus.core;

/**
 * How a listener's invocations are carried out: on the emitting thread ({@link #inline()}), handed to the bus
 * executor, or one at a time through an ordered lane; a module adds others (after a transaction commits, durably,
 * across instances) through a {@link DeliveryFactory}. A delivery is chosen once per listener definition, when it
 * is registered, and never per emit.
 * <p>
 * The dispatcher binds the arguments (or only checks them, for a listener it invokes directly), evaluates the
 * condition and claims a once-listener on the emitting thread, at the listener's turn in the emit; then it hands the
 * {@link Invocation} to the delivery. Whatever the delivery does with it (run it now, later, on another thread, or
 * pass it on to the delivery it wraps), the listener runs through the invocation's {@link Invocation#run()} or
 * {@link Invocation#call()}: the engine's one listener-run block, which times the run, tells the interceptors,
 * follows a returned {@code CompletionStage} and routes a failure.
 */
@FunctionalInterface
public interface Delivery {

    /**
     * Carries out one invocation. Called on the emitting thread, at the listener's turn in the emit.
     * @param invocation the invocation, to run now or later, exactly once (or to pass on to a wrapped delivery)
     * @throws Throwable a failure to propagate to the emitting caller, as a sync listener's failure does (or to the
     * {@code emitAsync} future); an invocation that has not run by then is discarded, so nothing waits for it
     */
    void deliver(Invocation invocation) throws Throwable;

    /**
     * The delivery of a sync listener: the invocation runs now, on the emitting thread, and its failure propagates
     * to the caller.
     * @return the inline delivery
     */
    static Delivery inline() {
        return InlineDelivery.INSTANCE;
    }

}
