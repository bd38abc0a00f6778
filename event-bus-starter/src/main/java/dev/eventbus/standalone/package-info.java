/**
 * The emitter outside a Spring context: the builder behind {@link dev.eventbus.Emitter#builder()}.
 */
@NullMarked
package dev.eventbus.standalone;

import org.jspecify.annotations.NullMarked;
