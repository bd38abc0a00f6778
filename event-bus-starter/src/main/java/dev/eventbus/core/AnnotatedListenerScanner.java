package dev.eventbus.core;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.eventbus.Event;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.On;
import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Turns the {@link On @On} methods of a class into {@link ListenerDefinition}s, validating each declaration and
 * binding its invoker once, so that nothing is looked up reflectively on the emit path.
 */
public final class AnnotatedListenerScanner {

    private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    private final @Nullable BeanResolver beanResolver;

    /**
     * Creates a scanner whose conditions cannot reference beans.
     */
    public AnnotatedListenerScanner() {
        this(null);
    }

    /**
     * Creates a scanner whose conditions may reference beans ({@code @beanName}).
     * @param beanResolver resolves bean references in conditions, or {@code null} for none
     */
    public AnnotatedListenerScanner(@Nullable BeanResolver beanResolver) {
        this.beanResolver = beanResolver;
    }

    /**
     * Whether a class declares (or inherits) at least one {@code @On} method.
     * @param type the class to check
     * @return whether it has listeners
     */
    public boolean hasListeners(Class<?> type) {
        return AnnotationUtils.isCandidateClass(type, On.class) && !find(type).isEmpty();
    }

    /**
     * The {@code @On} methods a class declares or inherits, not validated.
     * @param type the class to search
     * @return the methods, in method-name order
     */
    public List<Method> listenerMethods(Class<?> type) {
        return find(type).methods();
    }

    /**
     * Searches a class for its {@code @On} methods, without validating them: what {@link #scan(ListenerMethods,
     * String, Supplier, UnaryOperator, Integer)} takes, for a caller that looks at the methods before registering them.
     * @param type the class to search (the user class behind a proxy)
     * @return the methods found, possibly none
     */
    public ListenerMethods find(Class<?> type) {
        Assert.notNull(type, "Class must not be null");
        return new ListenerMethods(type, MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<On>) (method) -> AnnotatedElementUtils.findMergedAnnotation(method,
                        On.class)));
    }

    /**
     * Finds and validates the {@code @On} methods of an object registered outside a Spring context: ids are
     * {@code SimpleClassName#methodName}, the object is invoked as it is, and its order as a whole is its
     * {@link Ordered#getOrder()} or the {@code @Order} of its class, as in a Spring context.
     * @param object the object
     * @return the definitions, in method-name order
     * @throws IllegalArgumentException when the object is a {@code Class} or has no {@code @On} method
     * @throws ListenerDefinitionException naming the class and the method when a declaration is invalid
     */
    public List<ListenerDefinition> scanObject(Object object) {
        Assert.notNull(object, "Bean must not be null");
        if (object instanceof Class<?> type) {
            throw new IllegalArgumentException("Cannot register " + type.getName()
                    + ": register() takes an object whose @On methods become listeners, not a Class");
        }
        Class<?> type = ClassUtils.getUserClass(object);
        String idPrefix = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        Integer order = (object instanceof Ordered ordered) ? Integer.valueOf(ordered.getOrder())
                : OrderUtils.getOrder(type);
        List<ListenerDefinition> definitions = scan(type, idPrefix, () -> object, (method) -> method, order);
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("Cannot register " + type.getName() + ": it has no @On methods");
        }
        return definitions;
    }

    /**
     * Finds and validates the {@code @On} methods of a class, whose order is that of {@code @Order} (or
     * {@code @Priority}) on the class.
     * @param userClass the class to search (the user class behind a proxy)
     * @param idPrefix the prefix of default ids: {@code idPrefix#methodName}
     * @param target supplies the object to invoke; called at the first invocation, then reused
     * @param invocableMethod maps a found method to the one to invoke on the target (for example through a proxy)
     * @return the definitions, in method-name order; empty when there is no {@code @On} method
     * @throws ListenerDefinitionException naming the class and the method when a declaration is invalid
     * @see #scan(Class, String, Supplier, UnaryOperator, Integer)
     */
    public List<ListenerDefinition> scan(Class<?> userClass, String idPrefix, Supplier<Object> target,
            UnaryOperator<Method> invocableMethod) {
        Assert.notNull(userClass, "Class must not be null");
        return scan(userClass, idPrefix, target, invocableMethod, OrderUtils.getOrder(userClass));
    }

    /**
     * Finds and validates the {@code @On} methods of a class. A method's order is {@link On#order()} when it is not
     * {@code 0}, else the value of {@link Order @Order} on the method (as for Spring's {@code @EventListener}), else
     * the bean's order, else {@code 0}.
     * @param userClass the class to search (the user class behind a proxy)
     * @param idPrefix the prefix of default ids: {@code idPrefix#methodName}
     * @param target supplies the object to invoke; called at the first invocation, then reused
     * @param invocableMethod maps a found method to the one to invoke on the target (for example through a proxy)
     * @param beanOrder the order of the bean as a whole (its {@code Ordered#getOrder()} or the {@code @Order} of its
     * class), or {@code null} for none
     * @return the definitions, in method-name order; empty when there is no {@code @On} method
     * @throws ListenerDefinitionException naming the class and the method when a declaration is invalid
     */
    public List<ListenerDefinition> scan(Class<?> userClass, String idPrefix, Supplier<Object> target,
            UnaryOperator<Method> invocableMethod, @Nullable Integer beanOrder) {
        return scan(find(userClass), idPrefix, target, invocableMethod, beanOrder);
    }

    /**
     * Validates the {@code @On} methods {@link #find(Class) found} in a class; otherwise as
     * {@link #scan(Class, String, Supplier, UnaryOperator, Integer)}.
     * @param found the methods found in the class (the user class behind a proxy)
     * @param idPrefix the prefix of default ids: {@code idPrefix#methodName}
     * @param target supplies the object to invoke; called at the first invocation, then reused
     * @param invocableMethod maps a found method to the one to invoke on the target (for example through a proxy)
     * @param beanOrder the order of the bean as a whole, or {@code null} for none
     * @return the definitions, in method-name order; empty when there is no {@code @On} method
     * @throws ListenerDefinitionException naming the class and the method when a declaration is invalid
     */
    public List<ListenerDefinition> scan(ListenerMethods found, String idPrefix, Supplier<Object> target,
            UnaryOperator<Method> invocableMethod, @Nullable Integer beanOrder) {
        Assert.notNull(found, "Listener methods must not be null");
        Assert.hasText(idPrefix, "Id prefix must not be empty");
        Assert.notNull(target, "Target supplier must not be null");
        Assert.notNull(invocableMethod, "Invocable method resolver must not be null");
        if (found.isEmpty()) {
            return List.of();
        }
        Supplier<Object> sharedTarget = new ResolvedOnce(target);
        List<ListenerDefinition> definitions = new ArrayList<>(found.methods().size());
        for (Method method : found.methods()) {
            definitions.add(define(found.type(), method, found.annotationOf(method), idPrefix, sharedTarget,
                    invocableMethod, beanOrder));
        }
        return definitions;
    }

    private ListenerDefinition define(Class<?> userClass, Method method, On on, String idPrefix,
            Supplier<Object> target, UnaryOperator<Method> invocableMethod, @Nullable Integer beanOrder) {
        DeclaredMethod where = new DeclaredMethod(userClass, method);
        if (Modifier.isStatic(method.getModifiers())) {
            throw invalid(where, "must not be static", null);
        }
        // each attribute read once: every read goes through the annotation's proxy, and value() copies its array
        String[] patterns = on.value();
        boolean async = on.async();
        boolean ordered = on.ordered();
        boolean once = on.once();
        String conditionSource = on.condition();
        String declaredId = on.id();
        if (patterns.length == 0) {
            throw invalid(where, "declares no event names; give @On at least one name or pattern", null);
        }
        for (String pattern : patterns) {
            try {
                EventPattern.parse(pattern);
            }
            catch (IllegalArgumentException ex) {
                throw invalid(where, "has an invalid event name or pattern: " + ex.getMessage(), ex);
            }
        }
        if (ordered && !async) {
            throw invalid(where, "is ordered but not async; ordered = true needs async = true "
                    + "(a sync listener already runs in emit order on the emitting thread)", null);
        }
        int eventIndex = -1;
        Class<?>[] parameterTypes = method.getParameterTypes();
        for (int i = 0; i < parameterTypes.length; i++) {
            if (parameterTypes[i] == Event.class) {
                if (eventIndex >= 0) {
                    throw invalid(where, "declares more than one Event parameter (" + eventIndex + " and " + i + ")",
                            null);
                }
                eventIndex = i;
            }
        }
        String id = StringUtils.hasText(declaredId) ? declaredId : idPrefix + "#" + method.getName();
        ListenerCondition condition = null;
        if (StringUtils.hasText(conditionSource)) {
            condition = new ListenerCondition(id, conditionSource, parseCondition(where, conditionSource, method),
                    parameterTypes.length, this.parameterNames.getParameterNames(method), this.beanResolver);
            String problem = condition.variableProblem();
            if (problem != null) {
                throw invalid(where, "has a condition '" + conditionSource + "' that " + problem, null);
            }
        }
        Method invocable = invocable(where, method, invocableMethod);
        requireInvocable(where, invocable);
        MethodInvoker invoker = new MethodInvoker(id, where, parameterTypes, method.getGenericParameterTypes(),
                eventIndex, invocable, target, condition);
        try {
            return new ListenerDefinition(id, List.of(patterns), order(on.order(), method, beanOrder), async, once,
                    conditionSource, invoker, ordered, once ? 1 : 0, on.phase(), on.durable(), on.instances());
        }
        catch (IllegalArgumentException ex) {
            throw invalid(where, "declares attributes that do not go together: " + ex.getMessage(), ex);
        }
    }

    /**
     * An annotation cannot tell an {@code order} left unset from one set to {@code 0}, so {@code 0} defers to
     * {@code @Order}; {@code @Order(0)} on the method is how to pin a listener of an ordered bean to {@code 0}.
     */
    private static int order(int declaredOrder, Method method, @Nullable Integer beanOrder) {
        if (declaredOrder != 0) {
            return declaredOrder;
        }
        Order methodOrder = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
        if (methodOrder != null) {
            return methodOrder.value();
        }
        return (beanOrder != null) ? beanOrder : 0;
    }

    /**
     * Parses a condition for SpEL to compile once it has interpreted it often enough to know its types, and to go
     * back to interpreting whenever the compiled form does not fit (an argument of another type): the same results,
     * faster. Compiled in a loader below the method's own, which sees the application's types.
     */
    private static Expression parseCondition(DeclaredMethod where, String condition, Method method) {
        SpelExpressionParser parser = new SpelExpressionParser(
                new SpelParserConfiguration(SpelCompilerMode.MIXED, method.getDeclaringClass().getClassLoader()));
        try {
            return parser.parseExpression(condition);
        }
        catch (ParseException ex) {
            throw invalid(where, "has an unparsable condition '" + condition + "': " + ex.getMessage(), ex);
        }
    }

    private static Method invocable(DeclaredMethod where, Method method, UnaryOperator<Method> invocableMethod) {
        try {
            return invocableMethod.apply(method);
        }
        catch (RuntimeException ex) {
            throw invalid(where, "cannot be invoked: " + ex.getMessage(), ex);
        }
    }

    /**
     * Fails the registration, naming the method, when the method cannot be invoked: one made accessible can, and its
     * handle is made at its first call (most listeners); otherwise its handle is made now, to find out.
     */
    private static void requireInvocable(DeclaredMethod where, Method invocable) {
        try {
            if (!invocable.trySetAccessible()) {
                MethodInvoker.handleOf(invocable);
            }
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw invalid(where, "cannot be invoked: " + ex.getMessage(), ex);
        }
    }

    private static ListenerDefinitionException invalid(DeclaredMethod where, String problem,
            @Nullable Throwable cause) {
        String message = "Invalid @On method " + where + ": " + problem;
        return (cause != null) ? new ListenerDefinitionException(message, cause)
                : new ListenerDefinitionException(message);
    }

    /**
     * Resolves the target on first use (so a lazy bean is created at its first event), then keeps it. Racing first
     * uses each resolve it without a lock, which a bean factory answers with the same singleton; holding a lock here
     * while a bean factory creates a bean could deadlock against a thread emitting from inside bean creation.
     */
    private static final class ResolvedOnce implements Supplier<Object> {

        private final Supplier<Object> source;

        private volatile @Nullable Object resolved;

        ResolvedOnce(Supplier<Object> source) {
            this.source = source;
        }

        @Override
        public Object get() {
            Object target = this.resolved;
            if (target == null) {
                target = this.source.get();
                Assert.state(target != null, "Listener target resolved to null");
                this.resolved = target;
            }
            return target;
        }
    }
}
