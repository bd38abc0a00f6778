/**
 * Micrometer for the {@link dev.eventbus.Emitter}: the {@code eventbus.*} counters, timers and gauges, and the
 * {@code eventbus.emit} and {@code eventbus.invocation} observations (see {@link EventBusObservationDocumentation}).
 */
@NullMarked
package dev.eventbus.metrics;

import org.jspecify.annotations.NullMarked;
