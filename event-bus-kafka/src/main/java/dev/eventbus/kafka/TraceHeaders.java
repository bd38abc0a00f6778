package dev.eventbus.kafka;

import java.util.Map;

/**
 * The trace context of the emitting thread as record headers, taken at the emit so that a record sent later (from
 * the outbox) still carries it; nothing without Micrometer Tracing.
 */
@FunctionalInterface
interface TraceHeaders {

    /** No tracing: no headers. */
    TraceHeaders NONE = Map::of;

    /**
     * The headers that carry the current trace, as the application's propagation writes them.
     * @return the headers, empty outside a trace
     */
    Map<String, String> capture();

}
