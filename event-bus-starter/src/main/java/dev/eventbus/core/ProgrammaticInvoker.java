package dev.eventbus.core;

import java.util.Objects;
import java.util.function.Predicate;

import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.StageListener;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;

/**
 * Calls a {@link Listener} registered with {@code on}, {@code once}, {@code many} or {@code prepend*}: no binding,
 * a condition only for the engine's own ({@code next} with a filter). A {@link StageListener} returns its stage, which
 * the engine follows as an {@code @On} method's; it is not called directly, so that a plain listener's direct call
 * needs no check.
 */
final class ProgrammaticInvoker implements ListenerInvoker {

    private static final Object[] NOTHING_BOUND = {};

    private final Listener listener;

    private final @Nullable StageListener stage;

    private final @Nullable Predicate<? super Event> condition;

    ProgrammaticInvoker(Listener listener) {
        this(listener, null);
    }

    ProgrammaticInvoker(Listener listener, @Nullable Predicate<? super Event> condition) {
        this.listener = listener;
        this.stage = (listener instanceof StageListener stageListener) ? stageListener : null;
        this.condition = condition;
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
    public boolean accepts(Event event, Object[] bound) {
        return this.condition == null || this.condition.test(event);
    }

    @Override
    public @Nullable Object invoke(Event event, Object[] bound) throws Throwable {
        if (this.stage != null) {
            return this.stage.handle(event);
        }
        this.listener.onEvent(event);
        return null;
    }

    @Override
    public Object identity() {
        return this.listener;
    }

    @Override
    public boolean invokesDirectly() {
        return this.stage == null && this.condition == null;
    }

    @Override
    public @Nullable Object invokeDirectly(@Nullable Event event, @Nullable Object single,
            @Nullable Object @Nullable [] all) throws Exception {
        // needsEvent() is true: the engine always passes the event
        this.listener.onEvent(Objects.requireNonNull(event, "event"));
        return null;
    }
}
