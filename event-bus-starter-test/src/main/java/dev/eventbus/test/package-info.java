/**
 * Test support for the event bus: record the events a test's code emits and assert on them, in a Spring test with
 * {@link dev.eventbus.test.RecordEvents @RecordEvents} or on an emitter of the test's own.
 */
@NullMarked
package dev.eventbus.test;

import org.jspecify.annotations.NullMarked;
