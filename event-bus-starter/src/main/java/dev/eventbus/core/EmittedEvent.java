package dev.eventbus.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

    private static final VarHandle IDENTITY;

    static {
        try {
            IDENTITY = MethodHandles.lookup().findVarHandle(EmittedEvent.class, "identity", Object.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String name;

    private final @Nullable Object single;

    /** Every argument, or {@code null} when exactly one, {@link #single}, was emitted. */
    private final @Nullable Object @Nullable [] all;

    /**
     * The origin instance's id (a {@code String}) until the event id is first asked for, then an {@link Identity}
     * holding both: one field, and no id made for an emit that nobody asks. Written plainly here (an event reaches
     * another thread through a hand-off, which publishes it), then changed only by {@link #IDENTITY}.
     */
    private Object identity;

    /**
     * Creates an event from the arguments as the emit path carries them (see {@link EmittedArguments}).
     * @param name the emitted name
     * @param single the one argument, when {@code all} is {@code null}
     * @param all every argument, or {@code null} for exactly {@code single}: a snapshot that no one changes (see
     * {@link #snapshot}), kept as it is
     */
    EmittedEvent(String name, @Nullable Object single, @Nullable Object @Nullable [] all, String origin) {
        this.name = name;
        this.single = single;
        this.all = all;
        this.identity = origin;
    }

    /**
     * Creates an event that was emitted before, elsewhere or earlier, with its own id.
     * @param id its event id
     * @param origin the id of the instance that emitted it
     * @param name its name
     * @param args its arguments, an array no one changes
     */
    EmittedEvent(String id, String origin, String name, @Nullable Object[] args) {
        this.name = name;
        this.single = null;
        this.all = args;
        this.identity = new Identity(id, origin);
    }

    /**
     * Creates an event from an emit's argument array.
     * @param name the emitted name
     * @param args the arguments, {@code null} for none
     * @param origin the id of the emitting instance
     * @return the event
     */
    static EmittedEvent of(String name, @Nullable Object @Nullable [] args, String origin) {
        return new EmittedEvent(name, null, snapshot(args), origin);
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
    public String id() {
        Object current = IDENTITY.getAcquire(this);
        if (current instanceof Identity known) {
            return known.id;
        }
        Identity created = new Identity(EventIds.next(), (String) current);
        Object witness = IDENTITY.compareAndExchangeRelease(this, current, created);
        return (witness == current) ? created.id : ((Identity) witness).id;
    }

    @Override
    public String origin() {
        Object current = IDENTITY.getAcquire(this);
        return (current instanceof Identity known) ? known.origin : (String) current;
    }

    @Override
    public List<@Nullable Object> args() {
        return new ArgumentList(this.single, this.all);
    }

    /** The one argument, when {@link #all()} is {@code null} (see {@link EmittedArguments}). */
    @Nullable Object single() {
        return this.single;
    }

    /** Every argument, or {@code null} for exactly {@link #single()}: a snapshot, to read and never change. */
    @Nullable Object @Nullable [] all() {
        return this.all;
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

    /** The id of an event that has been asked for it, with its origin. */
    private record Identity(String id, String origin) {
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
