package dev.eventbus.core;

import java.util.Objects;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;

/**
 * Calls a {@link Listener} registered with {@code on}, {@code once} or {@code prepend*}: no binding, no condition.
 */
final class ProgrammaticInvoker implements ListenerInvoker {

    private static final Object[] NOTHING_BOUND = {};

    private final Listener listener;

    ProgrammaticInvoker(Listener listener) {
        this.listener = listener;
    }

    /**
     * The id of a programmatic listener: {@code "lambda"} for lambdas and anonymous classes, else the simple class name.
     */
    static String idOf(Listener listener) {
        Class<?> type = listener.getClass();
        if (type.isSynthetic() || type.isAnonymousClass() || type.getSimpleName().contains("$$Lambda")
                || type.getName().contains("$$Lambda")) {
            return "lambda";
        }
        return type.getSimpleName();
    }

    @Override
    public Object[] bind(Event event) {
        return NOTHING_BOUND;
    }

    @Override
    public @Nullable Object invoke(Event event, Object[] bound) throws Throwable {
        this.listener.onEvent(event);
        return null;
    }

    @Override
    public Object identity() {
        return this.listener;
    }

    @Override
    public boolean invokesDirectly() {
        return true;
    }

    @Override
    public @Nullable Object invokeDirectly(@Nullable Event event, @Nullable Object single,
            @Nullable Object @Nullable [] all) throws Exception {
        // needsEvent() is true: the engine always passes the event
        this.listener.onEvent(Objects.requireNonNull(event, "event"));
        return null;
    }
}
