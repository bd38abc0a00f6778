/**
 * Micrometer meters for the {@link dev.eventbus.Emitter}: the {@code eventbus.*} counters, timers and gauges.
 */
@NullMarked
package dev.eventbus.metrics;

import org.jspecify.annotations.NullMarked;
