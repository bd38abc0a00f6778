package dev.eventbus.core;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The envelope handed to listeners: the name and a read-only view of the emitted arguments, created once per emit.
 */
final class EmittedEvent implements Event {

    private static final Object[] NO_ARGS = {};

    private final String name;

    private final @Nullable Object[] args;

    EmittedEvent(String name, @Nullable Object @Nullable [] args) {
        this.name = name;
        // copied, so that a caller reusing its array cannot change an event a listener still holds
        this.args = (args != null && args.length > 0) ? args.clone() : NO_ARGS;
    }

    @Override
    public String name() {
        return this.name;
    }

    @Override
    public List<@Nullable Object> args() {
        return new ArgumentList(this.args);
    }

    @Nullable Object[] argArray() {
        return this.args;
    }

    @Override
    public @Nullable Object arg(int index) {
        return (index >= 0 && index < this.args.length) ? this.args[index] : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T arg(int index, Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("Type must not be null (argument " + index + " of event '" + this.name
                    + "')");
        }
        Object value = arg(index);
        if (value == null) {
            return null;
        }
        Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
        if (!boxed.isInstance(value)) {
            throw new ClassCastException("Argument " + index + " of event '" + this.name + "' is a "
                    + value.getClass().getName() + ", not a " + type.getName());
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return "Event[name=" + this.name + ", args=" + args() + "]";
    }

    /** An unmodifiable list view over the argument array, without copying it. */
    private static final class ArgumentList extends AbstractList<@Nullable Object> implements RandomAccess {

        private final @Nullable Object[] args;

        ArgumentList(@Nullable Object[] args) {
            this.args = args;
        }

        @Override
        public @Nullable Object get(int index) {
            return this.args[index];
        }

        @Override
        public int size() {
            return this.args.length;
        }
    }
}
