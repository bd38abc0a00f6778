package dev.eventbus.core;

import dev.eventbus.Event;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;

/**
 * The reflection the engine's own classes need in a native image, for ahead-of-time processing: the engine names its
 * classes here, so that nothing outside it has to find them.
 */
public final class EngineHints {

    private EngineHints() {
    }

    /**
     * Registers what a SpEL condition reads of the event it is given: the public methods of {@link Event} and of the
     * engine's class that implements it ({@code #event.name()}, {@code #root.args}).
     * @param reflection where to register
     */
    public static void registerEventReadByConditions(ReflectionHints reflection) {
        reflection.registerType(Event.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        reflection.registerType(EmittedEvent.class, MemberCategory.INVOKE_PUBLIC_METHODS);
    }

}
