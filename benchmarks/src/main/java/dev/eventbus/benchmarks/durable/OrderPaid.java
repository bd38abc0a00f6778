package dev.eventbus.benchmarks.durable;

/**
 * The event both contenders publish durably.
 * @param orderId the order
 * @param amount its amount in cents
 */
public record OrderPaid(String orderId, long amount) {
}
