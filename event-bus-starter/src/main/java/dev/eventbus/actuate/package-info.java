/**
 * The {@code eventbus} actuator endpoint and its auto-configuration.
 */
@NullMarked
package dev.eventbus.actuate;

import org.jspecify.annotations.NullMarked;
