/**
 * The JSON of event arguments that leave the JVM, for the modules that store or send them: no class names, and a
 * startup check of the types they bind to. Needs Jackson ({@code tools.jackson.core:jackson-databind}).
 */
@NullMarked
package dev.eventbus.json;

import org.jspecify.annotations.NullMarked;
