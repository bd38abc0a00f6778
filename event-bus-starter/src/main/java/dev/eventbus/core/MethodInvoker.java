package dev.eventbus.core;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.function.Supplier;

import dev.eventbus.Event;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.core.ListenerDefinition.ListenerInvoker;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Calls one {@code @On} method, binding the emitted arguments to its parameters positionally (the {@link Event}
 * parameter takes no position). A method of up to {@value #MAX_DIRECT_PARAMETERS} parameters is called through a
 * {@link MethodCall} made at its first call (a generated class, so that the JIT inlines the method into the call);
 * without a condition it is called with its arguments as they were emitted: no array, no event unless it takes one.
 */
final class MethodInvoker implements ListenerInvoker {

    static final int MAX_DIRECT_PARAMETERS = 3;

    private final String id;

    private final Class<?>[] parameterTypes;

    /** The parameter types, primitives boxed: what an argument must be an instance of. */
    private final Class<?>[] boxedTypes;

    /** For each parameter, the position of the emitted argument it binds, or {@code -1} for the event. */
    private final int[] positions;

    private final int eventIndex;

    /**
     * Takes the target and each parameter, as {@code Object}s: made at its first need (past the direct arity, or when
     * no class can be generated for the method), as a listener that never runs should cost nothing at startup. A
     * benign race makes two equivalent ones.
     */
    private @Nullable MethodHandle handle;

    /** The method to invoke on the target: what {@link MethodCall} generates a class for. */
    private final Method invocable;

    /** Whether the method takes at most {@value #MAX_DIRECT_PARAMETERS} parameters, passed one by one. */
    private final boolean callable;

    /** The method bound to its target, made at its first call: a benign race makes two equivalent ones. */
    private @Nullable MethodCall call;

    /** Takes the target and the bound arguments as one array, past the direct arity; made at its first call. */
    private @Nullable MethodHandle spreader;

    private final Supplier<Object> target;

    private final @Nullable ListenerCondition condition;

    private final InvokerListener asListener = new InvokerListener(this);

    private final DeclaredMethod where;

    /** The generic types of the parameters the emitted arguments bind to, in order. */
    private final List<Type> argumentTypes;

    /**
     * Creates an invoker.
     * @param id the listener id, for error messages
     * @param where the method, for error messages
     * @param parameterTypes the method's parameter types
     * @param genericTypes the method's generic parameter types
     * @param eventIndex the index of the {@link Event} parameter, or {@code -1}
     * @param invocable the method to invoke on the target, already checked to be reachable (see
     * {@link #handleOf(Method)})
     * @param target supplies the object to invoke the method on
     * @param condition the method's condition, or {@code null}
     */
    MethodInvoker(String id, DeclaredMethod where, Class<?>[] parameterTypes, Type[] genericTypes, int eventIndex,
            Method invocable, Supplier<Object> target, @Nullable ListenerCondition condition) {
        this.id = id;
        this.where = where;
        List<Type> arguments = new ArrayList<>(genericTypes.length);
        for (int i = 0; i < genericTypes.length; i++) {
            if (i != eventIndex) {
                arguments.add(genericTypes[i]);
            }
        }
        this.argumentTypes = List.copyOf(arguments);
        this.parameterTypes = parameterTypes.clone();
        this.boxedTypes = new Class<?>[parameterTypes.length];
        this.positions = new int[parameterTypes.length];
        int position = 0;
        for (int i = 0; i < parameterTypes.length; i++) {
            this.boxedTypes[i] = ClassUtils.resolvePrimitiveIfNecessary(parameterTypes[i]);
            this.positions[i] = (i == eventIndex) ? -1 : position++;
        }
        this.eventIndex = eventIndex;
        this.invocable = invocable;
        this.callable = parameterTypes.length <= MAX_DIRECT_PARAMETERS;
        this.target = target;
        this.condition = condition;
    }

    /** The method, as {@code Class.method(parameter types)}. */
    String where() {
        return this.where.toString();
    }

    @Override
    public List<Type> argumentTypes() {
        return this.argumentTypes;
    }

    @Override
    public Object[] bind(Event event) {
        EmittedEvent emitted = (event instanceof EmittedEvent known) ? known : null;
        int count = (emitted != null) ? emitted.argCount() : event.args().size();
        Object[] bound = new Object[this.parameterTypes.length];
        for (int i = 0; i < bound.length; i++) {
            int position = this.positions[i];
            if (position < 0) {
                bound[i] = event;
                continue;
            }
            Object value = (position >= count) ? null : (emitted != null) ? emitted.arg(position) : event.arg(position);
            bound[i] = checked(i, position, value, event.name(), count);
        }
        return bound;
    }

    @Override
    public boolean accepts(Event event, Object[] bound) {
        return this.condition == null || this.condition.matches(event, bound);
    }

    @Override
    public @Nullable Object invoke(Event event, Object[] bound) throws Throwable {
        if (!this.callable) {
            MethodHandle spreader = this.spreader;
            if (spreader == null) {
                spreader = handle().asSpreader(Object[].class, this.parameterTypes.length);
                this.spreader = spreader;
            }
            return (Object) spreader.invokeExact(this.target.get(), bound);
        }
        MethodCall call = call();
        return switch (bound.length) {
            case 0 -> call.call0();
            case 1 -> call.call1(bound[0]);
            case 2 -> call.call2(bound[0], bound[1]);
            default -> call.call3(bound[0], bound[1], bound[2]);
        };
    }

    private MethodCall call() {
        MethodCall call = this.call;
        if (call == null) {
            call = MethodCall.bind(this.invocable, this.target.get(), this::handle);
            this.call = call;
        }
        return call;
    }

    private MethodHandle handle() {
        MethodHandle handle = this.handle;
        if (handle == null) {
            try {
                handle = handleOf(this.invocable);
            }
            catch (IllegalAccessException ex) {
                // checked at registration: only a method whose access changed since gets here
                throw new IllegalStateException("Listener '" + this.id + "' (" + this.where + ") cannot be invoked: "
                        + ex.getMessage(), ex);
            }
            this.handle = handle;
        }
        return handle;
    }

    /**
     * The handle of a method, of type {@code (Object target, Object... parameters)Object} with one {@code Object} per
     * parameter (see {@link MethodType#genericMethodType(int)}).
     * @param method the method, made accessible if it could be
     * @return the handle
     * @throws IllegalAccessException when the method is neither accessible nor reachable from this package
     */
    static MethodHandle handleOf(Method method) throws IllegalAccessException {
        MethodHandle handle = MethodHandles.lookup().unreflect(method);
        return handle.asType(MethodType.genericMethodType(method.getParameterCount() + 1));
    }

    @Override
    public boolean invokesDirectly() {
        return this.condition == null;
    }

    @Override
    public boolean needsEvent() {
        return this.eventIndex >= 0 || !this.callable;
    }

    @Override
    public void checkArguments(String event, @Nullable Object single, @Nullable Object @Nullable [] all) {
        int count = EmittedArguments.count(all);
        for (int i = 0; i < this.positions.length; i++) {
            int position = this.positions[i];
            if (position >= 0) {
                checked(i, position, EmittedArguments.get(position, single, all), event, count);
            }
        }
    }

    /**
     * The generated class (and the method handle) casts every argument before the method runs, so a wrong one fails
     * there.
     */
    @Override
    public boolean checksArgumentsOnFailure() {
        return true;
    }

    @Override
    public @Nullable Object invokeDirectly(@Nullable Event event, @Nullable Object single,
            @Nullable Object @Nullable [] all) throws Throwable {
        if (!this.callable) {
            // needsEvent() is true past the direct arity: the engine passed the event
            Event delivered = Objects.requireNonNull(event, "event");
            return invoke(delivered, bind(delivered));
        }
        MethodCall call = call();
        return switch (this.positions.length) {
            case 0 -> call.call0();
            case 1 -> call.call1(argument(0, event, single, all));
            case 2 -> call.call2(argument(0, event, single, all), argument(1, event, single, all));
            default -> call.call3(argument(0, event, single, all), argument(1, event, single, all),
                    argument(2, event, single, all));
        };
    }

    private @Nullable Object argument(int parameter, @Nullable Event event, @Nullable Object single,
            @Nullable Object @Nullable [] all) {
        int position = this.positions[parameter];
        return (position < 0) ? event : EmittedArguments.get(position, single, all);
    }

    /** The value for a parameter, or the error that names the listener, the parameter and both types. */
    private @Nullable Object checked(int parameter, int position, @Nullable Object value, String event, int count) {
        if (value == null) {
            Class<?> type = this.parameterTypes[parameter];
            if (type.isPrimitive()) {
                String actual = (position < count) ? "null"
                        : "no argument (event '" + event + "' has " + count + ")";
                throw new ListenerArgumentException("Listener '" + this.id + "' cannot bind parameter " + parameter
                        + ": expected " + type.getName() + " but got " + actual);
            }
        }
        else if (!this.boxedTypes[parameter].isInstance(value)) {
            throw new ListenerArgumentException("Listener '" + this.id + "' cannot bind parameter " + parameter
                    + ": expected " + this.parameterTypes[parameter].getName() + " but got "
                    + value.getClass().getName() + " (argument " + position + " of event '" + event + "')");
        }
        return value;
    }

    /** The method as {@code rawListeners} shows it, and so what {@code off} takes to remove it. */
    @Override
    public Object identity() {
        return this.asListener;
    }

    @Override
    public String toString() {
        return this.id;
    }
}
