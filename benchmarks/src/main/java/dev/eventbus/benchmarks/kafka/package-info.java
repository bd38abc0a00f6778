/**
 * Delivery across instances over Kafka, on an in-JVM KRaft broker: the event bus's {@code @On(instances = ONE)}
 * listener in one Spring context, fed by {@code eventbus.kafka.publish} emits in another, against a hand-written
 * {@code KafkaTemplate.send} and {@code @KafkaListener} doing the same work on the same broker.
 */
@NullMarked
package dev.eventbus.benchmarks.kafka;

import org.jspecify.annotations.NullMarked;
