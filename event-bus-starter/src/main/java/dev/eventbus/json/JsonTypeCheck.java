package dev.eventbus.json;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.AbstractDeserializer;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.impl.UnknownSerializer;

/**
 * Finds, at startup, the parameter types of a listener whose arguments are stored or sent as JSON (a durable
 * listener, a listener of other instances) that cannot make the trip to JSON and back without a class name: type
 * variables and wildcards, {@code Object}, abstract types, and types Jackson can neither create nor write.
 */
public final class JsonTypeCheck {

    private final JsonMapper mapper;

    /**
     * Creates a check of the types a mapper binds.
     * @param mapper the mapper that writes and binds the arguments, usually {@link WireJson#mapper()}
     */
    public JsonTypeCheck(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * What keeps a type from the round trip.
     * @param type a declared parameter type
     * @return why it cannot be stored and bound back, or {@code null} when it can
     */
    public @Nullable String problem(Type type) {
        String declared = declaredProblem(type);
        return (declared != null) ? declared : problem(this.mapper.constructType(type));
    }

    private @Nullable String declaredProblem(Type type) {
        if (type instanceof TypeVariable<?> variable) {
            return "is the type variable " + variable.getName() + ", whose class is not known when it is read back";
        }
        if (type instanceof WildcardType) {
            return "contains the wildcard " + type.getTypeName() + ", whose class is not known when it is read back";
        }
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                String problem = declaredProblem(argument);
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (type instanceof GenericArrayType array) {
            return declaredProblem(array.getGenericComponentType());
        }
        return null;
    }

    private @Nullable String problem(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class) {
            return "is or contains Object: reading it back would need a class name, which is never written";
        }
        if (type.isContainerType() || type.isReferenceType()) {
            if (type.getKeyType() != null) {
                String key = problem(type.getKeyType());
                if (key != null) {
                    return key;
                }
            }
            return problem(type.getContentType());
        }
        try {
            ValueDeserializer<Object> deserializer = this.mapper._deserializationContext()
                .findRootValueDeserializer(type);
            if (deserializer instanceof AbstractDeserializer) {
                return "is abstract (" + raw.getName() + "): reading it back would need a class name, which is never "
                        + "written";
            }
            if (deserializer instanceof BeanDeserializerBase bean && !bean.getValueInstantiator().canInstantiate()) {
                return "has no constructor or factory method that Jackson can create " + raw.getName() + " with";
            }
            ValueSerializer<Object> serializer = this.mapper._serializationContext().findValueSerializer(type);
            if (serializer instanceof UnknownSerializer) {
                return "has no properties that Jackson can write (" + raw.getName() + ")";
            }
        }
        catch (JacksonException ex) {
            return "cannot be handled by Jackson: " + ex.getOriginalMessage();
        }
        return null;
    }

}
