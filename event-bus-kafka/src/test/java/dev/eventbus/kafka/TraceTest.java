package dev.eventbus.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;

import dev.eventbus.Emitter;
import dev.eventbus.Instances;
import dev.eventbus.On;
import dev.eventbus.kafka.support.Postgres;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trace goes on from the emit to the listener of another instance: the record carries it, and the listener runs in
 * it.
 */
class TraceTest {

    static final Map<String, String> TRACE_IDS = new ConcurrentHashMap<>();

    static EmbeddedKafkaKraftBroker broker;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.afterPropertiesSet();
        cluster = new Cluster(broker.getBrokersAsString());
        String[] settings = { "eventbus.kafka.publish=invoice.*", "management.tracing.sampling.probability=1.0",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" };
        cluster.start("sender", "shop", App.class, settings);
        cluster.start("outbox-sender", "shop", App.class, Stream.concat(Stream.of(settings[0], settings[1]),
                Stream.of(Postgres.on(Postgres.newDatabase()))).toArray(String[]::new));
        cluster.start("receiver", "billing", App.class, settings);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.destroy();
    }

    @Test
    void theRemoteListenerRunsInTheEmittersTrace() {
        Tracer tracer = cluster.get("sender").getBean(Tracer.class);
        Emitter emitter = cluster.get("sender").getBean(Emitter.class);
        Span checkout = tracer.nextSpan().name("checkout").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(checkout)) {
            emitter.emit("invoice.issued", "inv-1");
        }
        finally {
            checkout.end();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TRACE_IDS.containsKey("receiver:inv-1"));
        assertThat(TRACE_IDS.get("receiver:inv-1")).isEqualTo(checkout.context().traceId());
        // the sender's own ALL run, at the emit, is in it too; and nothing ran twice there
        assertThat(TRACE_IDS.get("sender:inv-1")).isEqualTo(checkout.context().traceId());
    }

    @Test
    void throughTheOutboxTheRecordCarriesTheTraceOfItsEmit() {
        Tracer tracer = cluster.get("outbox-sender").getBean(Tracer.class);
        Emitter emitter = cluster.get("outbox-sender").getBean(Emitter.class);
        assertThat(cluster.get("outbox-sender").getBeansOfType(OutboxSender.class)).hasSize(1);
        Span checkout = tracer.nextSpan().name("checkout").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(checkout)) {
            emitter.emit("invoice.issued", "inv-2");
        }
        finally {
            checkout.end();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TRACE_IDS.containsKey("receiver:inv-2"));
        assertThat(TRACE_IDS.get("receiver:inv-2")).isEqualTo(checkout.context().traceId());
    }

    static class Listeners {

        private final String instance;

        private final ObjectProvider<Tracer> tracer;

        Listeners(String instance, ObjectProvider<Tracer> tracer) {
            this.instance = instance;
            this.tracer = tracer;
        }

        @On(value = "invoice.issued", instances = Instances.ALL)
        void issued(String invoice) {
            Span current = this.tracer.getObject().currentSpan();
            String previous = TRACE_IDS.put(this.instance + ":" + invoice,
                    (current != null) ? current.context().traceId() : "none");
            assertThat(previous).as("ran twice in " + this.instance).isNull();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listeners listeners(@Value("${test.instance}") String instance, ObjectProvider<Tracer> tracer) {
            return new Listeners(instance, tracer);
        }

    }

}
