package dev.eventbus.kafka;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eventbus.Event;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event into a Kafka record and back. The value is the arguments as a JSON array, with no class names; the
 * headers are the CloudEvents attributes of the Kafka binding in binary mode ({@code ce_id} = {@link Event#id()},
 * {@code ce_type} = the event's name, {@code ce_source} = its origin instance, {@code ce_time},
 * {@code ce_specversion} 1.0, {@code content-type} application/json), so that any CloudEvents consumer reads them.
 * <p>
 * A record is checked whole before anything is bound: its size, its attributes, that its value is a JSON array, and
 * that it names no Java type (no {@code __TypeId__} header, no {@code @class} property). Only then are its
 * arguments bound, each listener's to its own declared parameter types.
 */
final class EventRecords {

    static final String ID = "ce_id";

    static final String TYPE = "ce_type";

    static final String SOURCE = "ce_source";

    static final String TIME = "ce_time";

    static final String SPEC_VERSION = "ce_specversion";

    static final String CONTENT_TYPE = "content-type";

    static final String JSON = "application/json";

    /** The longest event id read: what the inbox stores. */
    static final int MAX_ID_LENGTH = 255;

    private static final List<String> TYPE_HEADERS = List.of("__TypeId__", "__KeyTypeId__", "__ContentTypeId__",
            "spring_json_header_types");

    private static final List<String> CLASS_PROPERTIES = List.of("@class", "@c");

    private final JsonMapper mapper;

    private final long maxBytes;

    EventRecords(JsonMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    JsonMapper mapper() {
        return this.mapper;
    }

    /**
     * The record that carries an event.
     * @throws IllegalArgumentException when an argument cannot be written as JSON, naming it
     */
    ProducerRecord<String, byte[]> record(Event event, String topic, @Nullable String key, Instant time) {
        byte[] value;
        try {
            value = this.mapper.writeValueAsBytes(event.args());
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("The arguments of event '" + event.name() + "' (" + event.id()
                    + ") cannot be written as JSON to send it to Kafka: " + ex.getOriginalMessage(), ex);
        }
        if (value.length > this.maxBytes) {
            throw new IllegalArgumentException("The arguments of event '" + event.name() + "' (" + event.id()
                    + ") take " + value.length + " bytes as JSON, more than eventbus.kafka.max-message-size ("
                    + this.maxBytes + " bytes), which the instances receiving it would refuse");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        Headers headers = record.headers();
        header(headers, ID, event.id());
        header(headers, TYPE, event.name());
        header(headers, SOURCE, event.origin());
        header(headers, TIME, time.toString());
        header(headers, SPEC_VERSION, "1.0");
        header(headers, CONTENT_TYPE, JSON);
        return record;
    }

    /**
     * Reads and checks a received record, binding nothing yet.
     * @throws RejectedRecordException when it is oversized, malformed or forged
     */
    Received read(ConsumerRecord<?, byte[]> record) {
        byte[] value = record.value();
        long size = (value != null) ? value.length : 0;
        if (size > this.maxBytes) {
            throw new RejectedRecordException("oversized", "Record " + where(record) + " holds " + size
                    + " bytes, more than eventbus.kafka.max-message-size (" + this.maxBytes + " bytes)");
        }
        for (String name : TYPE_HEADERS) {
            if (record.headers().lastHeader(name) != null) {
                throw new RejectedRecordException("forged", "Record " + where(record) + " names a Java type in its "
                        + "header " + name + " ('" + text(record.headers().lastHeader(name)) + "'); event arguments "
                        + "are bound to the listener's declared types only");
            }
        }
        String version = required(record, SPEC_VERSION);
        if (!"1.0".equals(version)) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has " + SPEC_VERSION + " '"
                    + version + "', where 1.0 is read");
        }
        String id = required(record, ID);
        if (id.length() > MAX_ID_LENGTH) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + ID + " of "
                    + id.length() + " characters, more than " + MAX_ID_LENGTH);
        }
        String name = required(record, TYPE);
        try {
            EventPattern.requireEventName(name);
        }
        catch (IllegalArgumentException ex) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + TYPE
                    + " that is not an event name: " + ex.getMessage(), ex);
        }
        String origin = required(record, SOURCE);
        Header time = record.headers().lastHeader(TIME);
        if (time != null) {
            try {
                Instant.parse(text(time));
            }
            catch (DateTimeParseException ex) {
                throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + TIME + " '"
                        + text(time) + "' that is not an RFC 3339 time", ex);
            }
        }
        if (value == null) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') has no value");
        }
        JsonNode args;
        try {
            args = this.mapper.readTree(value);
        }
        catch (JacksonException ex) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') is not "
                    + "valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (args == null || !args.isArray()) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') is not a "
                    + "JSON array of arguments");
        }
        String property = classProperty(args);
        if (property != null) {
            throw new RejectedRecordException("forged", "Record " + where(record) + " ('" + name + "') names a Java "
                    + "class in the property '" + property + "'; event arguments are bound to the listener's "
                    + "declared types only");
        }
        return new Received(id, name, origin, args);
    }

    /**
     * Binds a received event's arguments to a listener's parameter types, those past them to plain JSON values.
     * @throws RejectedRecordException when an argument does not bind
     */
    Event bind(Received received, @Nullable List<Type> types) {
        List<@Nullable Object> args = new ArrayList<>(received.args().size());
        for (int i = 0; i < received.args().size(); i++) {
            JavaType type = this.mapper.constructType((types != null && i < types.size()) ? types.get(i)
                    : Object.class);
            try {
                args.add(this.mapper.treeToValue(received.args().get(i), type));
            }
            catch (JacksonException ex) {
                throw new RejectedRecordException("unbound", "Argument " + i + " of event '" + received.name() + "' ("
                        + received.id() + ") cannot be bound to " + type.toCanonical() + ": "
                        + ex.getOriginalMessage(), ex);
            }
        }
        return Events.restored(received.id(), received.origin(), received.name(), args);
    }

    private static @Nullable String classProperty(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (CLASS_PROPERTIES.contains(property.getKey())) {
                    return property.getKey();
                }
                String nested = classProperty(property.getValue());
                if (nested != null) {
                    return nested;
                }
            }
        }
        else if (node.isArray()) {
            for (JsonNode element : node) {
                String nested = classProperty(element);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static String required(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        String value = (header != null) ? text(header) : "";
        if (value.isBlank()) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has no " + name
                    + " header: it is not a CloudEvent of the event bus");
        }
        return value;
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    static String text(@Nullable Header header) {
        return (header == null || header.value() == null) ? ""
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A received event whose record passed every check, its arguments not bound yet.
     * @param id the event id
     * @param name the event name
     * @param origin the emitting instance
     * @param args the arguments, a JSON array
     */
    record Received(String id, String name, String origin, JsonNode args) {
    }

}
