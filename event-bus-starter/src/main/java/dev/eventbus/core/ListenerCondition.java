package dev.eventbus.core;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The parsed SpEL condition of an {@code @On} method, evaluated on the emitting thread with the variables of
 * Spring's {@code @EventListener} conditions plus {@code #event} and {@code #args}.
 */
final class ListenerCondition {

    private final String listenerId;

    private final String source;

    private final Expression expression;

    /** Per parameter, the variables it is visible as ({@code a0}, {@code p0}, its name): built once, not per emit. */
    private final String[][] variableNames;

    private final @Nullable BeanResolver beanResolver;

    ListenerCondition(String listenerId, String source, Expression expression, int parameterCount,
            String @Nullable [] parameterNames, @Nullable BeanResolver beanResolver) {
        this.listenerId = listenerId;
        this.source = source;
        this.expression = expression;
        this.variableNames = new String[parameterCount][];
        for (int i = 0; i < parameterCount; i++) {
            boolean named = parameterNames != null && i < parameterNames.length && parameterNames[i] != null;
            this.variableNames[i] = named ? new String[] { "a" + i, "p" + i, parameterNames[i] }
                    : new String[] { "a" + i, "p" + i };
        }
        this.beanResolver = beanResolver;
    }

    boolean matches(Event event, Object[] bound) {
        StandardEvaluationContext context = new StandardEvaluationContext(event);
        if (this.beanResolver != null) {
            context.setBeanResolver(this.beanResolver);
        }
        context.setVariable("event", event);
        context.setVariable("args", event.args().toArray());
        for (int i = 0; i < bound.length; i++) {
            for (String name : this.variableNames[i]) {
                context.setVariable(name, bound[i]);
            }
        }
        try {
            return Boolean.TRUE.equals(this.expression.getValue(context, Boolean.class));
        }
        catch (EvaluationException ex) {
            throw new EventBusException("Condition '" + this.source + "' of listener '" + this.listenerId
                    + "' failed on event '" + event.name() + "': " + ex.getMessage(), ex);
        }
    }
}
