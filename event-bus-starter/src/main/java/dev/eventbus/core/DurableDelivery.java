package dev.eventbus.core;

/**
 * The delivery of a durable listener ({@code @On(durable = true)}): it writes each invocation down (a publication
 * log, an outbox) before the emit returns, and runs the listener later from what it wrote. A module contributes it
 * through a {@link DeliveryFactory}; a durable listener whose delivery is not one fails its registration, naming the
 * artifact that delivers durable listeners.
 * <p>
 * So that all the durable listeners of one emit are written together, a delivery may only collect invocations in
 * {@link #deliver}: the engine calls {@link #emitEnded()} on the emitting thread when each emit that reached it has
 * dispatched its listeners, whether or not a sync listener failed.
 */
public interface DurableDelivery extends Delivery {

    /**
     * Writes what this thread's emits have given this delivery and it has not written yet. Called on the emitting
     * thread at the end of every emit whose listeners include one of this delivery's (a nested emit included); finds
     * nothing to do when an earlier call has written it all.
     * @throws Throwable when the invocations cannot be written: the emit fails with it (with a failure of its own
     * already propagating, it is added to that one as suppressed)
     */
    void emitEnded() throws Throwable;

}
