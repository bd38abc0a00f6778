package dev.eventbus.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The parsed SpEL condition of an {@code @On} method, evaluated on the emitting thread with the variables of
 * Spring's {@code @EventListener} conditions plus {@code #event} and {@code #args}; compiled by SpEL where it can
 * ({@code SpelCompilerMode.MIXED}, set by the scanner's parser), against a context reused per thread.
 */
final class ListenerCondition {

    private static final String EVENT = "event";

    private static final String ARGS = "args";

    /** The variables SpEL itself defines: the root object and the current element of a selection or projection. */
    private static final List<String> BUILT_IN = List.of("root", "this");

    private final String listenerId;

    private final String source;

    private final Expression expression;

    /** Per parameter, the variables it is visible as ({@code a0}, {@code p0}, its name): built once, not per emit. */
    private final String[][] variableNames;

    private final boolean parameterNamesKnown;

    /** Each thread's context, reused from one evaluation to the next (see {@link ConditionEvaluationContext}). */
    private final ThreadLocal<ConditionEvaluationContext> contexts;

    /** {@link #test}, made once: a method reference made at each evaluation would be an allocation. */
    private final ConditionEvaluationContext.Evaluation<Boolean> evaluation = this::test;

    ListenerCondition(String listenerId, String source, Expression expression, int parameterCount,
            String @Nullable [] parameterNames, @Nullable BeanResolver beanResolver) {
        this.listenerId = listenerId;
        this.source = source;
        this.expression = expression;
        this.variableNames = new String[parameterCount][];
        boolean namesKnown = parameterNames != null;
        for (int i = 0; i < parameterCount; i++) {
            boolean named = parameterNames != null && i < parameterNames.length && parameterNames[i] != null;
            this.variableNames[i] = named ? new String[] { "a" + i, "p" + i, parameterNames[i] }
                    : new String[] { "a" + i, "p" + i };
            namesKnown &= named;
        }
        this.parameterNamesKnown = namesKnown;
        // the fixed parts, as Spring's @EventListener conditions have them: accessors, resolvers, T(...), @bean
        StandardEvaluationContext shared = new StandardEvaluationContext();
        if (beanResolver != null) {
            shared.setBeanResolver(beanResolver);
        }
        Map<String, Integer> parameters = new HashMap<>();
        for (int i = 0; i < parameterCount; i++) {
            for (String name : this.variableNames[i]) {
                parameters.putIfAbsent(name, i);
            }
        }
        Map<String, Integer> fixed = Map.copyOf(parameters);
        this.contexts = ThreadLocal.withInitial(() -> new ConditionEvaluationContext(shared, fixed));
    }

    /**
     * What is wrong with the variables the condition reads, or {@code null} when every one of them is set at
     * evaluation: a misspelt name would otherwise read as {@code null} at every event. Function references
     * ({@code #name(...)}) are not variables and are left to evaluation.
     * @return the problem, naming the unknown variables and the known ones, or {@code null}
     */
    @Nullable String variableProblem() {
        Set<String> unknown = new LinkedHashSet<>();
        if (this.expression instanceof SpelExpression spel) {
            collectUnknownVariables(spel.getAST(), unknown);
        }
        if (unknown.isEmpty()) {
            return null;
        }
        String problem = "reads " + ((unknown.size() == 1) ? "an unknown variable " : "unknown variables ")
                + String.join(", ", unknown.stream().map((name) -> "#" + name).toList())
                + "; the known variables are " + String.join(", ", knownVariables());
        return this.parameterNamesKnown ? problem
                : problem + ". The method's parameter names are not known: compile with -parameters to use them";
    }

    private void collectUnknownVariables(SpelNode node, Set<String> unknown) {
        if (node instanceof VariableReference) {
            // VariableReference has no accessor for its name; its AST form is '#' followed by the name
            String name = node.toStringAST().substring(1);
            if (!isKnown(name)) {
                unknown.add(name);
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collectUnknownVariables(node.getChild(i), unknown);
        }
    }

    private boolean isKnown(String name) {
        if (name.equals(EVENT) || name.equals(ARGS) || BUILT_IN.contains(name)) {
            return true;
        }
        for (String[] names : this.variableNames) {
            for (String known : names) {
                if (known.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<String> knownVariables() {
        List<String> known = new ArrayList<>();
        known.add("#" + EVENT);
        known.add("#" + ARGS);
        for (String[] names : this.variableNames) {
            known.add("#" + String.join("/#", names));
        }
        for (String name : BUILT_IN) {
            known.add("#" + name);
        }
        return known;
    }

    boolean matches(Event event, Object[] bound) {
        try {
            return this.contexts.get().evaluate(event, bound, this.evaluation);
        }
        catch (EvaluationException ex) {
            throw new EventBusException("Condition '" + this.source + "' of listener '" + this.listenerId
                    + "' failed on event '" + event.name() + "': " + DefensiveText.messageOf(ex), ex);
        }
    }

    /**
     * Evaluates, compiled once SpEL has seen enough evaluations to compile it: the root object is passed on, not
     * read from the context, so that no {@code TypedValue} is made for it.
     */
    private boolean test(EvaluationContext context, Event root) {
        Object result = this.expression.getValue(context, root);
        if (result instanceof Boolean matched) {
            return matched;
        }
        if (result == null) {
            return false;
        }
        // what getValue(context, Boolean.class) would have converted, such as the String "true"
        return Boolean.TRUE.equals(context.getTypeConverter().convertValue(result, TypeDescriptor.forObject(result),
                TypeDescriptor.valueOf(Boolean.class)));
    }
}
