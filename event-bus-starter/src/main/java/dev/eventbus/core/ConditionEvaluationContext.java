package dev.eventbus.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The evaluation context of one condition on one thread, reused from one evaluation to the next so that a
 * steady-state evaluation allocates nothing: what never changes (accessors, resolvers, the type locator behind
 * {@code T(...)}, the bean resolver behind {@code @name}, the converter) comes from one
 * {@link StandardEvaluationContext} shared by every thread, as configured as the one Spring's {@code @EventListener}
 * conditions get; what an evaluation sets (the event as root, {@code #event}, {@code #args}, the parameters as
 * {@code #a0}, {@code #p0} and by name) is held here for the evaluation and read on demand.
 */
final class ConditionEvaluationContext implements EvaluationContext {

    private static final String EVENT = "event";

    private static final String ARGS = "args";

    private final StandardEvaluationContext shared;

    /** Parameter index by variable name ({@code a0}, {@code p0}, the parameter's name). */
    private final Map<String, Integer> parameters;

    private @Nullable Event event;

    private Object @Nullable [] bound;

    /** {@code #args}, built the first time an evaluation reads it. */
    private Object @Nullable [] args;

    /** Variables a condition assigns itself, for the rest of its evaluation; none in the usual case. */
    private @Nullable Map<String, @Nullable Object> assigned;

    ConditionEvaluationContext(StandardEvaluationContext shared, Map<String, Integer> parameters) {
        this.shared = shared;
        this.parameters = parameters;
    }

    /**
     * Evaluates with this context on the current thread, restoring what an enclosing evaluation on the same thread
     * had set (a condition that calls a bean that emits an event whose listener has the same condition).
     */
    <T> T evaluate(Event event, Object[] bound, Evaluation<T> evaluation) {
        Event outerEvent = this.event;
        Object[] outerBound = this.bound;
        Object[] outerArgs = this.args;
        Map<String, @Nullable Object> outerAssigned = this.assigned;
        this.event = event;
        this.bound = bound;
        this.args = null;
        this.assigned = null;
        try {
            return evaluation.run(this, event);
        }
        finally {
            // also drops this evaluation's references, so that the thread keeps no event alive
            this.event = outerEvent;
            this.bound = outerBound;
            this.args = outerArgs;
            this.assigned = outerAssigned;
        }
    }

    @Override
    public TypedValue getRootObject() {
        return new TypedValue(this.event);
    }

    @Override
    public @Nullable Object lookupVariable(String name) {
        Map<String, @Nullable Object> assigned = this.assigned;
        if (assigned != null && assigned.containsKey(name)) {
            return assigned.get(name);
        }
        Integer index = this.parameters.get(name);
        Object[] bound = this.bound;
        if (index != null && bound != null) {
            return (index < bound.length) ? bound[index] : null;
        }
        if (EVENT.equals(name)) {
            return this.event;
        }
        if (ARGS.equals(name)) {
            Object[] args = this.args;
            if (args == null && this.event != null) {
                args = this.event.args().toArray();
                this.args = args;
            }
            return args;
        }
        return this.shared.lookupVariable(name);
    }

    @Override
    public void setVariable(String name, @Nullable Object value) {
        if (this.assigned == null) {
            this.assigned = new HashMap<>();
        }
        this.assigned.put(name, value);
    }

    @Override
    public List<PropertyAccessor> getPropertyAccessors() {
        return this.shared.getPropertyAccessors();
    }

    @Override
    public List<IndexAccessor> getIndexAccessors() {
        return this.shared.getIndexAccessors();
    }

    @Override
    public List<ConstructorResolver> getConstructorResolvers() {
        return this.shared.getConstructorResolvers();
    }

    @Override
    public List<MethodResolver> getMethodResolvers() {
        return this.shared.getMethodResolvers();
    }

    @Override
    public @Nullable BeanResolver getBeanResolver() {
        return this.shared.getBeanResolver();
    }

    @Override
    public TypeLocator getTypeLocator() {
        return this.shared.getTypeLocator();
    }

    @Override
    public TypeConverter getTypeConverter() {
        return this.shared.getTypeConverter();
    }

    @Override
    public TypeComparator getTypeComparator() {
        return this.shared.getTypeComparator();
    }

    @Override
    public OperatorOverloader getOperatorOverloader() {
        return this.shared.getOperatorOverloader();
    }

    /** One evaluation against a prepared context, the event being its root object. */
    @FunctionalInterface
    interface Evaluation<T> {

        T run(EvaluationContext context, Event root);

    }

}
