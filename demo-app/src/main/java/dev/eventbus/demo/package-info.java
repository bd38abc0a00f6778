/**
 * A small order flow that shows every feature of the event bus: {@code @On} listeners (sync, async, once,
 * conditional, patterns), the {@code "error"} event, metrics and the actuator endpoint.
 */
@NullMarked
package dev.eventbus.demo;

import org.jspecify.annotations.NullMarked;
