package dev.eventbus.jdbc;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an event's arguments as a JSON array and binds them back to a listener's declared parameter types: no class
 * names are written, and none are read.
 */
final class ArgumentCodec {

    private final JsonMapper mapper;

    ArgumentCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    JsonMapper mapper() {
        return this.mapper;
    }

    /**
     * The types to bind a listener's stored arguments to: its declared ones, in order.
     * @param argumentTypes the listener's argument types, or {@code null} when it takes the event alone
     * @return the resolved types (empty when there are none)
     */
    List<JavaType> resolve(@Nullable List<Type> argumentTypes) {
        if (argumentTypes == null) {
            return List.of();
        }
        List<JavaType> resolved = new ArrayList<>(argumentTypes.size());
        for (Type type : argumentTypes) {
            resolved.add(this.mapper.constructType(type));
        }
        return List.copyOf(resolved);
    }

    /**
     * Writes the arguments of an event.
     * @throws PublicationWriteException when an argument cannot be written, naming it
     */
    String write(Event event) {
        List<@Nullable Object> args = event.args();
        try {
            return this.mapper.writeValueAsString(args);
        }
        catch (JacksonException ex) {
            int index = failingArgument(args);
            Object arg = (index >= 0) ? args.get(index) : null;
            throw new PublicationWriteException("Argument " + index + " of event '" + event.name() + "' ("
                    + ((arg != null) ? arg.getClass().getName() : "?") + ") cannot be written as JSON for its durable "
                    + "listeners: " + ex.getOriginalMessage(), ex);
        }
    }

    private int failingArgument(List<@Nullable Object> args) {
        for (int i = 0; i < args.size(); i++) {
            try {
                this.mapper.writeValueAsString(args.get(i));
            }
            catch (JacksonException ex) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Binds stored arguments back: each to the listener's type at its position, and those past its declared types
     * (read only through {@link Event#args()}) to plain JSON values (maps, lists, strings, numbers, booleans).
     * @throws IllegalArgumentException when the text is not a JSON array or an argument cannot be bound, saying why
     */
    List<@Nullable Object> read(String json, List<JavaType> types) {
        JsonNode array;
        try {
            array = this.mapper.readTree(json);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("Stored arguments are not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("Stored arguments are not a JSON array: " + abbreviate(json));
        }
        List<@Nullable Object> args = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JavaType type = (i < types.size()) ? types.get(i) : this.mapper.constructType(Object.class);
            try {
                args.add(this.mapper.treeToValue(array.get(i), type));
            }
            catch (JacksonException ex) {
                throw new IllegalArgumentException("Stored argument " + i + " cannot be bound to " + type.toCanonical()
                        + ": " + ex.getOriginalMessage(), ex);
            }
        }
        return args;
    }

    private static String abbreviate(String text) {
        return (text.length() <= 200) ? text : text.substring(0, 197) + "...";
    }

}
