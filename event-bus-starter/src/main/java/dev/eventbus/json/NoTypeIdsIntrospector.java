package dev.eventbus.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;

/**
 * Jackson's annotations as usual, but for polymorphic typing: {@code @JsonTypeInfo} (and a custom type resolver) is
 * ignored, so that no type id is ever written or read back. Arguments are bound to the listener's declared parameter
 * types alone; an abstract parameter type then fails at startup ({@link JsonTypeCheck}).
 */
public final class NoTypeIdsIntrospector extends JacksonAnnotationIntrospector {

    private static final long serialVersionUID = 1L;

    @Override
    public JsonTypeInfo.@Nullable Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated annotated) {
        return null;
    }

    @Override
    public @Nullable Object findTypeResolverBuilder(MapperConfig<?> config, Annotated annotated) {
        return null;
    }

}
