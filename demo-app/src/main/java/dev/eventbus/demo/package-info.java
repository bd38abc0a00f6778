/**
 * A small order flow that shows every feature of the event bus: {@code @On} listeners (sync, async, once,
 * conditional, patterns), the {@code "error"} event, metrics and the actuator endpoint; in the {@code kafka} profile,
 * listeners across instances ({@code SalesBoard}, {@code Shipping}).
 */
@NullMarked
package dev.eventbus.demo;

import org.jspecify.annotations.NullMarked;
