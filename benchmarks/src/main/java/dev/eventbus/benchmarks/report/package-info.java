/**
 * Turns the JSON output of a JMH run of the suite into what {@code docs/benchmarks.md} shows: a chart, the tables of
 * figures and ratios, and which performance targets the run met.
 */
@NullMarked
package dev.eventbus.benchmarks.report;

import org.jspecify.annotations.NullMarked;
