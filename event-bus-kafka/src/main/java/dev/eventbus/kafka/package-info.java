/**
 * Across instances over Kafka: listeners that hear every instance ({@code @On(instances = ALL)}) or exactly one
 * instance of a group ({@code ONE}), and the events that leave this instance ({@code eventbus.kafka.publish}).
 */
@NullMarked
package dev.eventbus.kafka;

import org.jspecify.annotations.NullMarked;
