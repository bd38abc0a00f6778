package dev.eventbus.core;

import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import dev.eventbus.Event;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Calls one {@code @On} method through a method handle bound at registration, binding the emitted arguments to
 * its parameters positionally (the {@link Event} parameter takes no position).
 */
final class MethodInvoker implements ListenerInvoker {

    private final String id;

    private final Class<?>[] parameterTypes;

    private final int eventIndex;

    private final MethodHandle handle;

    private final Supplier<Object> target;

    private final @Nullable ListenerCondition condition;

    MethodInvoker(String id, Class<?>[] parameterTypes, int eventIndex, MethodHandle handle,
            Supplier<Object> target, @Nullable ListenerCondition condition) {
        this.id = id;
        this.parameterTypes = parameterTypes;
        this.eventIndex = eventIndex;
        this.handle = handle;
        this.target = target;
        this.condition = condition;
    }

    @Override
    public Object[] bind(Event event) {
        @Nullable Object[] args = (event instanceof EmittedEvent emitted) ? emitted.argArray() : event.args().toArray();
        Object[] bound = new Object[this.parameterTypes.length];
        int position = 0;
        for (int i = 0; i < bound.length; i++) {
            if (i == this.eventIndex) {
                bound[i] = event;
                continue;
            }
            Class<?> type = this.parameterTypes[i];
            Object value = (position < args.length) ? args[position] : null;
            if (value == null) {
                if (type.isPrimitive()) {
                    String actual = (position < args.length) ? "null" : "no argument (event '" + event.name()
                            + "' has " + args.length + ")";
                    throw new ListenerArgumentException("Listener '" + this.id + "' cannot bind parameter " + i
                            + ": expected " + type.getName() + " but got " + actual);
                }
            }
            else if (!ClassUtils.isAssignableValue(type, value)) {
                throw new ListenerArgumentException("Listener '" + this.id + "' cannot bind parameter " + i
                        + ": expected " + type.getName() + " but got " + value.getClass().getName()
                        + " (argument " + position + " of event '" + event.name() + "')");
            }
            bound[i] = value;
            position++;
        }
        return bound;
    }

    @Override
    public boolean accepts(Event event, Object[] bound) {
        return this.condition == null || this.condition.matches(event, bound);
    }

    @Override
    public @Nullable Object invoke(Event event, Object[] bound) throws Throwable {
        return (Object) this.handle.invokeExact(this.target.get(), bound);
    }

    @Override
    public Object identity() {
        return this;
    }

    @Override
    public String toString() {
        return this.id;
    }
}
