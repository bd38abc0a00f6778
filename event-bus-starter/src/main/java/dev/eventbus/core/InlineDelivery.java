package dev.eventbus.core;

/**
 * Runs a sync listener on the emitting thread, within the emit. The dispatcher recognises it and runs such a listener
 * itself, without creating an {@link Invocation} (see {@link Registration#inline}); this class serves a delivery
 * that wraps it and passes an invocation on.
 */
final class InlineDelivery implements Delivery {

    static final InlineDelivery INSTANCE = new InlineDelivery();

    private InlineDelivery() {
    }

    @Override
    public void deliver(Invocation invocation) throws Throwable {
        invocation.call();
    }

    @Override
    public String toString() {
        return "inline";
    }

}
