/**
 * The API a user types: {@link dev.eventbus.On @On}, {@link dev.eventbus.Emitter}, {@link dev.eventbus.Event} and
 * the small types and exceptions around them.
 */
@NullMarked
package dev.eventbus;

import org.jspecify.annotations.NullMarked;
