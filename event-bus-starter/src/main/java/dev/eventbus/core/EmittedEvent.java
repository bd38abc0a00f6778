package dev.eventbus.core;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The envelope handed to listeners: the name and a snapshot of the emitted arguments, created at most once per emit
 * and only when a listener needs it. One argument is held in a field, the common case costing no array.
 */
final class EmittedEvent implements Event {

    private static final Object[] NO_ARGS = {};

    private final String name;

    private final @Nullable Object single;

    /** Every argument, or {@code null} when exactly one, {@link #single}, was emitted. */
    private final @Nullable Object @Nullable [] all;

    /**
     * Creates an event from the arguments as the emit path carries them (see {@link EmittedArguments}).
     * @param name the emitted name
     * @param single the one argument, when {@code all} is {@code null}
     * @param all every argument, or {@code null} for exactly {@code single}: a snapshot that no one changes (see
     * {@link #snapshot}), kept as it is
     */
    EmittedEvent(String name, @Nullable Object single, @Nullable Object @Nullable [] all) {
        this.name = name;
        this.single = single;
        this.all = all;
    }

    /**
     * Creates an event from an emit's argument array.
     * @param name the emitted name
     * @param args the arguments, {@code null} for none
     * @return the event
     */
    static EmittedEvent of(String name, @Nullable Object @Nullable [] args) {
        return new EmittedEvent(name, null, snapshot(args));
    }

    /**
     * The arguments of an emit as its event keeps them: copied, so that a caller reusing its array cannot change an
     * event that a listener still holds.
     * @param args the emitted arguments, {@code null} for none
     * @return a copy, or a shared empty array
     */
    static @Nullable Object[] snapshot(@Nullable Object @Nullable [] args) {
        return (args == null || args.length == 0) ? NO_ARGS : args.clone();
    }

    @Override
    public String name() {
        return this.name;
    }

    @Override
    public List<@Nullable Object> args() {
        return new ArgumentList(this.single, this.all);
    }

    /**
     * How many arguments were emitted.
     * @return the count
     */
    int argCount() {
        return EmittedArguments.count(this.all);
    }

    @Override
    public @Nullable Object arg(int index) {
        return EmittedArguments.get(index, this.single, this.all);
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
        return "Event[name=" + this.name + ", args=" + DefensiveText.ofAll(args()) + "]";
    }

    /** An unmodifiable list view over the arguments, without copying them. */
    private static final class ArgumentList extends AbstractList<@Nullable Object> implements RandomAccess {

        private final @Nullable Object single;

        private final @Nullable Object @Nullable [] all;

        ArgumentList(@Nullable Object single, @Nullable Object @Nullable [] all) {
            this.single = single;
            this.all = all;
        }

        @Override
        public @Nullable Object get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + size());
            }
            return EmittedArguments.get(index, this.single, this.all);
        }

        @Override
        public int size() {
            return EmittedArguments.count(this.all);
        }
    }
}
