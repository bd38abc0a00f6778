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

    private final String @Nullable [] parameterNames;

    private final @Nullable BeanResolver beanResolver;

    ListenerCondition(String listenerId, String source, Expression expression, String @Nullable [] parameterNames,
            @Nullable BeanResolver beanResolver) {
        this.listenerId = listenerId;
        this.source = source;
        this.expression = expression;
        this.parameterNames = parameterNames;
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
            context.setVariable("a" + i, bound[i]);
            context.setVariable("p" + i, bound[i]);
            if (this.parameterNames != null && i < this.parameterNames.length) {
                context.setVariable(this.parameterNames[i], bound[i]);
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
