package dev.eventbus.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults that live in the engine's constants (and not as literals in {@link EventBusProperties}) are what the
 * generated configuration metadata documents, so an IDE shows the value the bus really uses.
 */
class ConfigurationMetadataDefaultsTest {

    @Test
    void metadataDocumentsTheDefaultsTheEngineDeclares() throws Exception {
        Map<String, Object> defaults = metadataDefaults();
        EventBusProperties properties = new EventBusProperties();

        assertThat(defaults).containsEntry("eventbus.max-listeners", DefaultEmitter.DEFAULT_MAX_LISTENERS)
            .containsEntry("eventbus.max-depth", DefaultEmitter.DEFAULT_MAX_DEPTH)
            .containsEntry("eventbus.metrics.max-event-tags", MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS);
        assertThat(properties.getMaxListeners()).isEqualTo(DefaultEmitter.DEFAULT_MAX_LISTENERS);
        assertThat(properties.getMaxDepth()).isEqualTo(DefaultEmitter.DEFAULT_MAX_DEPTH);
        assertThat(properties.getMetrics().getMaxEventTags())
            .isEqualTo(MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS);
    }

    private static Map<String, Object> metadataDefaults() throws Exception {
        Map<String, Object> defaults = new HashMap<>();
        try (InputStream metadata = ConfigurationMetadataDefaultsTest.class
            .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("generated configuration metadata").isNotNull();
            JsonNode root = JsonMapper.builder().build().readTree(metadata);
            for (JsonNode property : root.get("properties")) {
                JsonNode value = property.get("defaultValue");
                if (value != null && value.isInt()) {
                    defaults.put(property.get("name").asString(), value.asInt());
                }
            }
        }
        return defaults;
    }

}
