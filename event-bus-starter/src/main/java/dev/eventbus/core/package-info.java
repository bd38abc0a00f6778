/**
 * The engine behind {@link dev.eventbus.Emitter}: names and patterns, the registry, dispatch, invokers for
 * {@link dev.eventbus.On @On} methods. Plain Java with spring-core and spring-expression; no Spring Boot.
 */
@NullMarked
package dev.eventbus.core;

import org.jspecify.annotations.NullMarked;
