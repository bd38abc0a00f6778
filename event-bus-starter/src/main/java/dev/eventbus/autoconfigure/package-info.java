/**
 * Spring Boot auto-configuration for the event bus: the {@link dev.eventbus.Emitter} bean, its properties and
 * executor, and the registration of every bean's {@link dev.eventbus.On @On} methods.
 */
@NullMarked
package dev.eventbus.autoconfigure;

import org.jspecify.annotations.NullMarked;
