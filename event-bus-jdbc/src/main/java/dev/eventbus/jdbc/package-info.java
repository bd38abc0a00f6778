/**
 * Durable delivery for the event bus: {@code @On(durable = true)} listeners whose invocations are written to a
 * publication log in the application's database before the emit returns, and delivered after commit until they succeed.
 */
@NullMarked
package dev.eventbus.jdbc;

import org.jspecify.annotations.NullMarked;
