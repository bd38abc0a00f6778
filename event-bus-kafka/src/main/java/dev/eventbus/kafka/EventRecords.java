package dev.eventbus.kafka;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Event;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
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

    private static final byte[] JSON_BYTES = JSON.getBytes(StandardCharsets.UTF_8);

    private static final byte[] SPEC_VERSION_1_0 = "1.0".getBytes(StandardCharsets.UTF_8);

    /** The longest event id read: what the inbox stores. */
    static final int MAX_ID_LENGTH = 255;

    private static final List<String> TYPE_HEADERS = List.of("__TypeId__", "__KeyTypeId__", "__ContentTypeId__",
            "spring_json_header_types");

    private static final List<String> CLASS_PROPERTIES = List.of("@class", "@c");

    private final JsonMapper mapper;

    private final long maxBytes;

    private final JavaType objectType;

    private final Map<Type, JavaType> types = new ConcurrentHashMap<>();

    private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

    private final Map<String, byte[]> headerBytes = new ConcurrentHashMap<>();

    EventRecords(JsonMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.objectType = mapper.constructType(Object.class);
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
        headers.add(TYPE, bytes(event.name()));
        headers.add(SOURCE, bytes(event.origin()));
        header(headers, TIME, time.toString());
        headers.add(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.add(CONTENT_TYPE, JSON_BYTES);
        return record;
    }

    /**
     * Reads and checks a received record, binding nothing yet: its headers in one pass, then its value as tokens
     * (well-formed, an array, no class-name property), with no tree built.
     * @throws RejectedRecordException when it is oversized, malformed or forged
     */
    Received read(ConsumerRecord<?, byte[]> record) {
        byte[] value = record.value();
        long size = (value != null) ? value.length : 0;
        if (size > this.maxBytes) {
            throw new RejectedRecordException("oversized", "Record " + where(record) + " holds " + size
                    + " bytes, more than eventbus.kafka.max-message-size (" + this.maxBytes + " bytes)");
        }
        String id = null;
        String name = null;
        String origin = null;
        String version = null;
        String time = null;
        for (Header header : record.headers()) {
            String key = header.key();
            if (key.startsWith("ce_")) {
                switch (key) {
                    case ID -> id = text(header);
                    case TYPE -> name = text(header);
                    case SOURCE -> origin = text(header);
                    case SPEC_VERSION -> version = text(header);
                    case TIME -> time = text(header);
                    default -> {
                    }
                }
            }
            else if (TYPE_HEADERS.contains(key)) {
                throw new RejectedRecordException("forged", "Record " + where(record) + " names a Java type in its "
                        + "header " + key + " ('" + text(header) + "'); event arguments are bound to the listener's "
                        + "declared types only");
            }
        }
        version = required(record, SPEC_VERSION, version);
        if (!"1.0".equals(version)) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has " + SPEC_VERSION + " '"
                    + version + "', where 1.0 is read");
        }
        id = required(record, ID, id);
        if (id.length() > MAX_ID_LENGTH) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + ID + " of "
                    + id.length() + " characters, more than " + MAX_ID_LENGTH);
        }
        name = required(record, TYPE, name);
        try {
            EventPattern.requireEventName(name);
        }
        catch (IllegalArgumentException ex) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + TYPE
                    + " that is not an event name: " + ex.getMessage(), ex);
        }
        origin = required(record, SOURCE, origin);
        if (time != null && !isRfc3339(time)) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " has a " + TIME + " '"
                    + abbreviate(time) + "' that is not an RFC 3339 time");
        }
        if (value == null) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') has no value");
        }
        checkValue(record, name, value);
        return new Received(id, name, origin, value);
    }

    /** Tokenizes the value once: well-formed JSON, an array, no property that names a class. */
    private void checkValue(ConsumerRecord<?, byte[]> record, String name, byte[] value) {
        try (JsonParser parser = this.mapper.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') is "
                        + "not a JSON array of arguments");
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name
                            + "') is not valid JSON: it ends inside its array");
                }
                switch (token) {
                    case START_ARRAY, START_OBJECT -> depth++;
                    case END_ARRAY, END_OBJECT -> depth--;
                    case PROPERTY_NAME -> {
                        if (CLASS_PROPERTIES.contains(parser.currentName())) {
                            throw new RejectedRecordException("forged", "Record " + where(record) + " ('" + name
                                    + "') names a Java class in the property '" + parser.currentName()
                                    + "'; event arguments are bound to the listener's declared types only");
                        }
                    }
                    default -> {
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') is "
                        + "not valid JSON: there is more after its array");
            }
        }
        catch (JacksonException ex) {
            throw new RejectedRecordException("malformed", "Record " + where(record) + " ('" + name + "') is not "
                    + "valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Binds a received event's arguments to a listener's parameter types, those past them to plain JSON values,
     * reading the value once.
     * @throws RejectedRecordException when an argument does not bind
     */
    Event bind(Received received, @Nullable List<Type> types) {
        List<@Nullable Object> args = new ArrayList<>();
        try (JsonParser parser = this.mapper.createParser(received.value())) {
            parser.nextToken();
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JavaType type = (types != null && i < types.size())
                        ? this.types.computeIfAbsent(types.get(i), this.mapper::constructType) : this.objectType;
                try {
                    // one element of the array: what follows it is the next one, not trailing tokens
                    args.add(this.readers.computeIfAbsent(type, (which) -> this.mapper.readerFor(which)
                        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).readValue(parser));
                }
                catch (JacksonException ex) {
                    throw new RejectedRecordException("unbound", "Argument " + i + " of event '" + received.name()
                            + "' (" + received.id() + ") cannot be bound to " + type.toCanonical() + ": "
                            + ex.getOriginalMessage(), ex);
                }
                i++;
            }
        }
        return Events.restored(received.id(), received.origin(), received.name(), args);
    }

    private static String required(ConsumerRecord<?, ?> record, String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
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

    /** The bytes of a name or origin, kept for the next records (they repeat); a few thousand at most. */
    private byte[] bytes(String text) {
        byte[] bytes = this.headerBytes.get(text);
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            if (this.headerBytes.size() < 4096) {
                this.headerBytes.put(text, bytes);
            }
        }
        return bytes;
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A received event whose record passed every check, its arguments not bound yet.
     * @param id the event id
     * @param name the event name
     * @param origin the emitting instance
     * @param value the arguments, a JSON array, checked
     */
    record Received(String id, String name, String origin, byte[] value) {
    }

    /**
     * Whether a text is an RFC 3339 time ({@code 2026-12-06T05:40:00.123Z}, {@code ...+01:00}), as CloudEvents
     * requires for {@code ce_time}: checked by its shape, character by character, not parsed (this runs per record).
     */
    static boolean isRfc3339(String time) {
        int length = time.length();
        if (length < 20 || !digits(time, 0, 4) || time.charAt(4) != '-' || !digits(time, 5, 2)
                || time.charAt(7) != '-' || !digits(time, 8, 2) || (time.charAt(10) != 'T' && time.charAt(10) != 't')
                || !digits(time, 11, 2) || time.charAt(13) != ':' || !digits(time, 14, 2) || time.charAt(16) != ':'
                || !digits(time, 17, 2)) {
            return false;
        }
        int at = 19;
        if (time.charAt(at) == '.') {
            int fraction = ++at;
            while (at < length && Character.isDigit(time.charAt(at)) && at - fraction < 9) {
                at++;
            }
            if (at == fraction) {
                return false;
            }
        }
        if (at == length - 1) {
            return time.charAt(at) == 'Z' || time.charAt(at) == 'z';
        }
        return at == length - 6 && (time.charAt(at) == '+' || time.charAt(at) == '-') && digits(time, at + 1, 2)
                && time.charAt(at + 3) == ':' && digits(time, at + 4, 2);
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return (text.length() <= 64) ? text : text.substring(0, 61) + "...";
    }

}
