package dev.eventbus.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON in which event arguments leave the JVM (a publication log, a broker): the application's Jackson modules,
 * no class name ever written or read ({@code @JsonTypeInfo} is ignored), and unknown properties ignored so that a
 * newer sender's records still bind.
 */
public final class WireJson {

    private WireJson() {
    }

    /**
     * A new mapper for event arguments.
     * @return the mapper
     */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
            .findAndAddModules()
            .annotationIntrospector(new NoTypeIdsIntrospector())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    }

}
