package dev.eventbus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Instances;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances in one JVM on one broker: two of group {@code orders} (a, b), one of group {@code billing} (c).
 */
class CrossInstanceTest {

    static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();

    static EmbeddedKafkaKraftBroker broker;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.afterPropertiesSet();
        cluster = new Cluster(broker.getBrokersAsString());
        // no DataSource: the direct path (no outbox, no inbox)
        String[] publish = { "eventbus.kafka.publish=order.*,cache.*", "spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" };
        cluster.start("a", "orders", App.class, publish);
        cluster.start("b", "orders", App.class, publish);
        cluster.start("c", "billing", App.class, publish);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.destroy();
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    static List<String> calls(String key) {
        return CALLS.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
    }

    @Test
    void withoutTheJdbcModuleThePublisherSendsDirectly() {
        Emitter a = cluster.get("a").getBean(Emitter.class);
        assertThat(a.listeners("order.placed")).anySatisfy((info) -> {
            assertThat(info.id()).isEqualTo(KafkaPublisher.ID);
            assertThat(info.durable()).isFalse();
        });
        assertThat(a.listeners("order.placed")).anySatisfy((info) -> {
            assertThat(info.id()).isEqualTo("listeners#charge");
            assertThat(info.instances()).isEqualTo(Instances.ONE);
        });
        assertThat(cluster.get("a").getBeansOfType(Inbox.class)).isEmpty();
    }

    @Test
    void allRunsOnceInEveryInstanceAndTheEmitterIgnoresItsOwnCopy() {
        Emitter a = cluster.get("a").getBean(Emitter.class);
        a.emit("cache.evict", "customer-1");
        // the emitting instance ran it at the emit, on the emitting thread
        assertThat(calls("evict@a")).containsExactly("customer-1@" + Thread.currentThread().getName());
        // one key (the name): the marker arrives after it everywhere
        a.emit("cache.evict", "marker");
        await().atMost(Duration.ofSeconds(30)).until(() -> calls("evict@b").stream().anyMatch((c) -> c.startsWith("marker"))
                && calls("evict@c").stream().anyMatch((c) -> c.startsWith("marker")));
        assertThat(calls("evict@a")).hasSize(2);
        assertThat(calls("evict@b")).hasSize(2).first().asString().startsWith("customer-1@");
        assertThat(calls("evict@c")).hasSize(2).first().asString().startsWith("customer-1@");
    }

    @Test
    void oneRunsOncePerGroupAndNeverAtTheEmit() {
        Emitter a = cluster.get("a").getBean(Emitter.class);
        for (int i = 0; i < 20; i++) {
            a.emit("order.placed", new Order("o-" + i, "customer-" + (i % 3), i * 10));
        }
        a.emit("order.placed", new Order("marker", "customer-0", 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("orders").contains("marker")
                && ids("billing").contains("marker"));
        assertThat(ids("orders")).hasSize(21).doesNotHaveDuplicates();
        assertThat(ids("billing")).hasSize(21).doesNotHaveDuplicates();
        // never on the emitting thread
        assertThat(calls("charge@a")).noneMatch((c) -> c.endsWith("@" + Thread.currentThread().getName()));
        assertThat(calls("charge@c")).allMatch((c) -> c.contains("amount="));
    }

    static List<String> ids(String group) {
        List<String> ids = new CopyOnWriteArrayList<>();
        for (String instance : group.equals("orders") ? List.of("a", "b") : List.of("c")) {
            calls("charge@" + instance).forEach((c) -> ids.add(c.substring(0, c.indexOf(' '))));
        }
        return ids;
    }

    record Order(String id, String customerId, int amount) {
    }

    static class Listeners {

        private final String instance;

        Listeners(String instance) {
            this.instance = instance;
        }

        @On(value = "cache.evict", instances = Instances.ALL)
        void evict(String key) {
            calls("evict@" + this.instance).add(key + "@" + Thread.currentThread().getName());
        }

        @On(value = "order.placed", instances = Instances.ONE)
        void charge(Order order, Event event) {
            calls("charge@" + this.instance).add(order.id() + " amount=" + order.amount() + " from "
                    + event.origin() + "@" + Thread.currentThread().getName());
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listeners listeners(@Value("${test.instance}") String instance) {
            return new Listeners(instance);
        }

    }

}
