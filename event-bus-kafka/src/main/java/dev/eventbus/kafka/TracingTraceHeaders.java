package dev.eventbus.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The trace context through Micrometer Tracing's propagator: the headers (for example {@code traceparent}) that the
 * receiving consumer's observation reads to go on with the trace.
 */
final class TracingTraceHeaders implements TraceHeaders {

    private final Tracer tracer;

    private final Propagator propagator;

    TracingTraceHeaders(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Map<String, String> capture() {
        TraceContext context = this.tracer.currentTraceContext().context();
        if (context == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        this.propagator.inject(context, headers, Map::put);
        return headers;
    }

}
