/**
 * Durable delivery end to end, on an embedded PostgreSQL: the event bus's publication log against Spring Modulith's
 * JDBC event publication registry, with the same listener work.
 */
@NullMarked
package dev.eventbus.benchmarks.durable;

import org.jspecify.annotations.NullMarked;
