package dev.eventbus.kafka;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Event;
import dev.eventbus.core.EventPattern;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Where each published event goes: the topic and key of the first route whose pattern its name matches, else the
 * default topic with the event's name as key. Key expressions are parsed at startup, so a bad one fails it.
 */
final class PublishRoutes {

    private static final int MAX_CACHED_NAMES = 4096;

    private static final String[] ARGUMENTS = { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7" };

    private static final ThreadLocal<StandardEvaluationContext> CONTEXTS = ThreadLocal
        .withInitial(StandardEvaluationContext::new);

    private static final SpelExpressionParser PARSER = new SpelExpressionParser(
            new SpelParserConfiguration(SpelCompilerMode.MIXED, PublishRoutes.class.getClassLoader()));

    private final List<Route> routes;

    private final Route fallback;

    private final Map<String, Route> byName = new ConcurrentHashMap<>();

    PublishRoutes(KafkaBusProperties properties) {
        List<Route> routes = new ArrayList<>();
        for (KafkaBusProperties.Route route : properties.getRoutes()) {
            if (route.getPattern() == null) {
                throw new IllegalArgumentException("A route of eventbus.kafka.routes has no pattern (topic '"
                        + route.getTopic() + "', key '" + route.getKey() + "')");
            }
            String topic = (route.getTopic() != null) ? route.getTopic() : properties.getTopic();
            routes.add(new Route(route.getPattern(), EventPattern.parse(route.getPattern()), topic,
                    key(route.getPattern(), route.getKey()), route.getKey()));
        }
        this.routes = List.copyOf(routes);
        this.fallback = new Route("**", EventPattern.parse("**"), properties.getTopic(), null, null);
    }

    private static @Nullable Expression key(String pattern, @Nullable String source) {
        if (source == null) {
            return null;
        }
        try {
            return PARSER.parseExpression(source);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("The key '" + source + "' of the route for '" + pattern
                    + "' (eventbus.kafka.routes) is not a valid SpEL expression: " + ex.getMessage(), ex);
        }
    }

    /** Every topic events may be sent to: the default topic and each route's. */
    Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(this.fallback.topic());
        this.routes.forEach((route) -> topics.add(route.topic()));
        return topics;
    }

    Route route(String name) {
        Route route = this.byName.get(name);
        if (route == null) {
            route = find(name);
            if (this.byName.size() < MAX_CACHED_NAMES) {
                this.byName.put(name, route);
            }
        }
        return route;
    }

    private Route find(String name) {
        for (Route route : this.routes) {
            if (route.pattern().matches(name)) {
                return route;
            }
        }
        return this.fallback;
    }

    private static String argument(int index) {
        return (index < ARGUMENTS.length) ? ARGUMENTS[index] : "a" + index;
    }

    /**
     * One route.
     * @param source its pattern as configured
     * @param pattern its pattern
     * @param topic its topic
     * @param key its key expression, {@code null} for the event's name
     * @param keySource the key expression as configured
     */
    record Route(String source, EventPattern pattern, String topic, @Nullable Expression key,
            @Nullable String keySource) {

        /**
         * The key of an event.
         * @throws IllegalArgumentException when the expression fails or gives {@code null}, naming both
         */
        String keyOf(Event event) {
            if (this.key == null) {
                return event.name();
            }
            // one context per thread, its variables set for each event and cleared after it
            StandardEvaluationContext context = CONTEXTS.get();
            List<@Nullable Object> args = event.args();
            Object value;
            try {
                for (int i = 0; i < args.size(); i++) {
                    context.setVariable(argument(i), args.get(i));
                }
                context.setVariable("args", args);
                context.setVariable("name", event.name());
                value = this.key.getValue(context);
            }
            catch (EvaluationException ex) {
                throw new IllegalArgumentException("The key '" + this.keySource + "' of the route for '"
                        + this.source + "' failed for event '" + event.name() + "' (" + event.id() + "): "
                        + ex.getMessage(), ex);
            }
            finally {
                for (int i = 0; i < args.size(); i++) {
                    context.setVariable(argument(i), null);
                }
                context.setVariable("args", null);
            }
            if (value == null) {
                throw new IllegalArgumentException("The key '" + this.keySource + "' of the route for '"
                        + this.source + "' is null for event '" + event.name() + "' (" + event.id() + "): a "
                        + "record without a key keeps no order");
            }
            return value.toString();
        }

    }

}
