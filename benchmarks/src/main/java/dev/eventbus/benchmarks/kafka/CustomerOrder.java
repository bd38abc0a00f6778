package dev.eventbus.benchmarks.kafka;

/**
 * The event both contenders carry from one context to the other, as JSON.
 * @param customerId the customer, the record key of both contenders
 * @param sequence the event's place among its customer's events, from 0
 * @param emittedAt {@link System#nanoTime()} just before the emit or send (both contexts share the JVM's clock)
 */
public record CustomerOrder(String customerId, long sequence, long emittedAt) {
}
