package dev.eventbus.core;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.eventbus.On;

/**
 * The {@link On @On} methods of one class, found once and not validated yet: what
 * {@link AnnotatedListenerScanner#find(Class)} returns and {@link AnnotatedListenerScanner#scan(ListenerMethods,
 * String, java.util.function.Supplier, java.util.function.UnaryOperator, Integer) scan} takes, so that asking whether
 * a class listens and then registering its listeners searches the class once.
 */
public final class ListenerMethods {

    private static final Comparator<Method> DECLARATION_ORDER = Comparator.comparing(Method::getName)
        .thenComparing(Method::toGenericString);

    private final Class<?> type;

    private final Map<Method, On> annotations;

    private final List<Method> methods;

    /**
     * @param type the class searched
     * @param annotations each {@code @On} method found, with its merged annotation; kept as it is
     */
    ListenerMethods(Class<?> type, Map<Method, On> annotations) {
        this.type = type;
        this.annotations = annotations;
        List<Method> methods = new ArrayList<>(annotations.keySet());
        methods.sort(DECLARATION_ORDER);
        this.methods = List.copyOf(methods);
    }

    /**
     * The class that was searched.
     * @return the class
     */
    public Class<?> type() {
        return this.type;
    }

    /**
     * The methods found, declared or inherited.
     * @return the methods, in method-name order
     */
    public List<Method> methods() {
        return this.methods;
    }

    /**
     * Whether the class has no {@code @On} method.
     * @return whether none was found
     */
    public boolean isEmpty() {
        return this.methods.isEmpty();
    }

    /** The merged {@code @On} of one of {@link #methods()}. */
    On annotationOf(Method method) {
        On on = this.annotations.get(method);
        if (on == null) {
            throw new IllegalArgumentException(method + " is not one of the @On methods of " + this.type.getName());
        }
        return on;
    }

    @Override
    public String toString() {
        return "@On methods of " + this.type.getName() + ": " + this.methods;
    }

}
