package dev.eventbus.core;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * One {@code @On} method bound to its target, called with its parameters one by one: through a class that
 * {@link LambdaMetafactory} generates for the method (a {@code target::method} lambda), so that a listener call is one
 * interface call into code the JIT inlines, or through a method handle when no such class can be generated (more than
 * two parameters, or a method its class's lookup cannot reach). Made at the method's first call, so that
 * a listener that never runs costs nothing at startup.
 */
abstract class MethodCall {

    /** The most parameters a generated class takes: the JDK's functional interfaces stop at two. */
    private static final int MAX_GENERATED_PARAMETERS = 2;

    /** The factory of each method's generated class, kept with the method's class so that it can be unloaded. */
    private static final ClassValue<Map<Method, Optional<MethodHandle>>> FACTORIES = new ClassValue<>() {
        @Override
        protected Map<Method, Optional<MethodHandle>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    @Nullable
    Object call0() throws Throwable {
        throw new IllegalStateException("Called with the wrong arity");
    }

    @Nullable
    Object call1(@Nullable Object a0) throws Throwable {
        throw new IllegalStateException("Called with the wrong arity");
    }

    @Nullable
    Object call2(@Nullable Object a0, @Nullable Object a1) throws Throwable {
        throw new IllegalStateException("Called with the wrong arity");
    }

    @Nullable
    Object call3(@Nullable Object a0, @Nullable Object a1, @Nullable Object a2) throws Throwable {
        throw new IllegalStateException("Called with the wrong arity");
    }

    /**
     * Binds a method to its target.
     * @param method the method to invoke
     * @param target what to invoke it on
     * @param fallback the method, of type {@code (Object target, Object... parameters)Object}: asked for only when no
     * class can be generated for the method
     * @return the call
     */
    static MethodCall bind(Method method, Object target, Supplier<MethodHandle> fallback) {
        if (method.getParameterCount() <= MAX_GENERATED_PARAMETERS && method.getDeclaringClass().isInstance(target)) {
            Optional<MethodHandle> factory = FACTORIES.get(method.getDeclaringClass())
                .computeIfAbsent(method, MethodCall::factory);
            if (factory.isPresent()) {
                try {
                    return wrap(factory.get().invoke(target), method.getParameterCount(),
                            method.getReturnType() != void.class);
                }
                catch (Throwable ex) {
                    // the factory only allocates: nothing the method handle cannot do instead
                }
            }
        }
        return new HandleCall(fallback.get(), target);
    }

    /**
     * Generates the class of a method, once per method (not per target, so that registering many objects of one
     * class makes one class): its factory takes the target and returns the bound function.
     */
    private static Optional<MethodHandle> factory(Method method) {
        try {
            Class<?> owner = method.getDeclaringClass();
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle implementation = lookup.unreflect(method);
            boolean returns = method.getReturnType() != void.class;
            int count = method.getParameterCount();
            Class<?>[] boxed = new Class<?>[count];
            for (int i = 0; i < count; i++) {
                boxed[i] = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[i]);
            }
            Class<?> result = returns ? Object.class : void.class;
            CallSite site = LambdaMetafactory.metafactory(lookup, samName(count, returns),
                    MethodType.methodType(functionalInterface(count, returns), owner),
                    MethodType.genericMethodType(count).changeReturnType(result), implementation,
                    MethodType.methodType(result, boxed));
            return Optional.of(site.getTarget().asType(MethodType.methodType(Object.class, Object.class)));
        }
        catch (Throwable ex) {
            // not reachable from the method's class (a class loader or a module in between): the handle is the way
            return Optional.empty();
        }
    }

    private static Class<?> functionalInterface(int count, boolean returns) {
        return switch (count) {
            case 0 -> returns ? Supplier.class : Runnable.class;
            case 1 -> returns ? Function.class : Consumer.class;
            default -> returns ? BiFunction.class : BiConsumer.class;
        };
    }

    private static String samName(int count, boolean returns) {
        return switch (count) {
            case 0 -> returns ? "get" : "run";
            default -> returns ? "apply" : "accept";
        };
    }

    @SuppressWarnings("unchecked")
    private static MethodCall wrap(Object function, int count, boolean returns) {
        return switch (count) {
            case 0 -> returns ? new Supplying((Supplier<Object>) function) : new Running((Runnable) function);
            case 1 -> returns ? new Applying((Function<Object, Object>) function)
                    : new Accepting((Consumer<Object>) function);
            default -> returns ? new BiApplying((BiFunction<Object, Object, Object>) function)
                    : new BiAccepting((BiConsumer<Object, Object>) function);
        };
    }

    private static final class Running extends MethodCall {

        private final Runnable function;

        Running(Runnable function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call0() {
            this.function.run();
            return null;
        }
    }

    private static final class Supplying extends MethodCall {

        private final Supplier<Object> function;

        Supplying(Supplier<Object> function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call0() {
            return this.function.get();
        }
    }

    private static final class Accepting extends MethodCall {

        private final Consumer<Object> function;

        Accepting(Consumer<Object> function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call1(@Nullable Object a0) {
            this.function.accept(a0);
            return null;
        }
    }

    private static final class Applying extends MethodCall {

        private final Function<Object, Object> function;

        Applying(Function<Object, Object> function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call1(@Nullable Object a0) {
            return this.function.apply(a0);
        }
    }

    private static final class BiAccepting extends MethodCall {

        private final BiConsumer<Object, Object> function;

        BiAccepting(BiConsumer<Object, Object> function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call2(@Nullable Object a0, @Nullable Object a1) {
            this.function.accept(a0, a1);
            return null;
        }
    }

    private static final class BiApplying extends MethodCall {

        private final BiFunction<Object, Object, Object> function;

        BiApplying(BiFunction<Object, Object, Object> function) {
            this.function = function;
        }

        @Override
        @Nullable
        Object call2(@Nullable Object a0, @Nullable Object a1) {
            return this.function.apply(a0, a1);
        }
    }

    /** The fallback: the method handle of {@link MethodInvoker}, with the target passed each time. */
    private static final class HandleCall extends MethodCall {

        private final MethodHandle handle;

        private final Object target;

        HandleCall(MethodHandle handle, Object target) {
            this.handle = handle;
            this.target = target;
        }

        @Override
        @Nullable
        Object call0() throws Throwable {
            return (Object) this.handle.invokeExact(this.target);
        }

        @Override
        @Nullable
        Object call1(@Nullable Object a0) throws Throwable {
            return (Object) this.handle.invokeExact(this.target, a0);
        }

        @Override
        @Nullable
        Object call2(@Nullable Object a0, @Nullable Object a1) throws Throwable {
            return (Object) this.handle.invokeExact(this.target, a0, a1);
        }

        @Override
        @Nullable
        Object call3(@Nullable Object a0, @Nullable Object a1, @Nullable Object a2) throws Throwable {
            return (Object) this.handle.invokeExact(this.target, a0, a1, a2);
        }
    }
}
