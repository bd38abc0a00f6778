package dev.eventbus.kafka;

import java.util.Map;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer Tracing, the trace context of each emit goes into its outbox record's headers, through the
 * application's tracer and propagator when it has them (looked up when first needed, whatever the order in which
 * auto-configurations ran).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tracer.class, Propagator.class })
class TracingConfiguration {

    @Bean
    TraceHeaders eventBusKafkaTraceHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return () -> {
            Tracer current = tracer.getIfUnique();
            Propagator propagation = propagator.getIfUnique();
            return (current != null && propagation != null)
                    ? new TracingTraceHeaders(current, propagation).capture() : Map.of();
        };
    }

}
