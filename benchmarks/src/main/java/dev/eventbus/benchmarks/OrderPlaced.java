package dev.eventbus.benchmarks;

/**
 * The one argument every contender delivers: emitted as {@value #NAME} on our bus, posted as this type on the
 * peers that route by type.
 *
 * @param orderId the order
 * @param item what was ordered
 */
public record OrderPlaced(long orderId, String item) {

    /** The event name that stands for this type on the event bus. */
    public static final String NAME = "order.placed";

}
