package dev.eventbus.core;

/**
 * The end of an emit, told to the durable deliveries of its plan: each writes what its listeners collected during
 * the emit (the dispatcher's last step, on the emitting thread).
 */
final class DurableEmitEnd {

    private DurableEmitEnd() {
    }

    /**
     * Tells the durable deliveries of a plan that an emit has dispatched its listeners, so that each writes what it
     * collected; once all have been told, throws the first of their failures, with the others suppressed.
     */
    static void signal(DurableDelivery[] deliveries) throws Throwable {
        Throwable first = null;
        for (DurableDelivery delivery : deliveries) {
            try {
                delivery.emitEnded();
            }
            catch (Throwable ex) {
                if (first == null) {
                    first = ex;
                }
                else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** As {@link #signal}, for an emit that failed: their failures are added to its own, as suppressed. */
    static void signalAfter(DurableDelivery[] deliveries, Throwable failure) {
        for (DurableDelivery delivery : deliveries) {
            try {
                delivery.emitEnded();
            }
            catch (Throwable ex) {
                if (ex != failure) {
                    failure.addSuppressed(ex);
                }
            }
        }
    }

}
