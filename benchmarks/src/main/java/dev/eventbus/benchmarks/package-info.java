/**
 * JMH benchmarks that measure the event bus against a direct call and its peers, each scenario giving every
 * contender the same argument, the same listener work and the same executor.
 */
@NullMarked
package dev.eventbus.benchmarks;

import org.jspecify.annotations.NullMarked;
