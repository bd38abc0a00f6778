package dev.eventbus.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code kafka} profile against spring-kafka-test's in-JVM broker: two instances of the demo, started as
 * docs/scale-out.md starts them (the profile, a port and an instance id each), and an order placed over HTTP on the
 * first. Its {@code order.paid} reaches the sales board of both ({@code instances = ALL}: the first at the emit, the
 * second from Kafka) and the shipping of exactly one ({@code instances = ONE}).
 */
class KafkaProfileTests {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final int PARTITIONS = 2;

    private static EmbeddedKafkaKraftBroker broker;

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startBrokerAndTwoInstances() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        first = start("demo-1");
        second = start("demo-2");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            // ONE: both instances hold partitions of the group, so no rebalance moves a record mid-test
            await().atMost(TIMEOUT).until(() -> sharedByTwo(admin, "event-bus-demo"));
            // ALL reads from the end: the second instance's consumer must have fixed its position (committed on
            // assignment) before the order is placed, or the record could land before it
            await().atMost(TIMEOUT)
                .until(() -> admin.listConsumerGroupOffsets("event-bus-demo.all.demo-2")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .size() == 2 * PARTITIONS);
        }
    }

    /**
     * The profile and the instance's own id, on the command line; the broker overridden there too. Heartbeats every
     * half second (three by default) let the first instance hear sooner that the second joined its group.
     */
    private static ConfigurableApplicationContext start(String instanceId) {
        return new SpringApplicationBuilder(DemoApplication.class).profiles("kafka")
            .run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--server.port=0",
                    "--eventbus.instance-id=" + instanceId, "--eventbus.kafka.topics.partitions=" + PARTITIONS,
                    "--spring.kafka.consumer.heartbeat-interval=500ms");
    }

    private static boolean sharedByTwo(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
            .describedGroups()
            .get(group)
            .get();
        return description.groupState() == GroupState.STABLE && description.members().size() == 2
                && description.members().stream().allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aPaidOrderReachesEverySalesBoardAndOneShipping() {
        Order order = http(first).post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("item", "book", "quantity", 2, "amount", new BigDecimal("42.5")))
            .retrieve()
            .body(Order.class);
        assertThat(order).isNotNull();

        // ALL: the first instance ran it at the emit, the second once the event came from Kafka
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(sales(first)).containsKey("book");
            assertThat(sales(second)).containsKey("book");
        });
        // ONE: one of the two shipped it
        await().atMost(TIMEOUT).until(() -> shipments(first).size() + shipments(second).size() > 0);
        List<Map<String, Object>> shipped = new ArrayList<>(shipments(first));
        shipped.addAll(shipments(second));
        assertThat(shipped).singleElement()
            .satisfies((shipment) -> assertThat(shipment).containsEntry("orderId", (int) order.id())
                .containsEntry("origin", "demo-1")
                .containsEntry("item", "book"));

        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            assertThat(sales(instance).get("book")).as("counted once: the first instance skips its own copy")
                .containsEntry("orders", 1)
                .containsEntry("quantity", 2);
        }
        assertThat(count(first, "eventbus.kafka.sent", "outcome", "success")).isEqualTo(1);
        assertThat(count(second, "eventbus.kafka.received", "instances", "all")).isEqualTo(1);
        assertThat(count(first, "eventbus.kafka.received", "instances", "all")).as("its own copy, skipped")
            .isZero();
    }

    private static RestClient http(ConfigurableApplicationContext instance) {
        return RestClient.create("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
    }

    private static Map<String, Map<String, Object>> sales(ConfigurableApplicationContext instance) {
        return http(instance).get().uri("/sales").retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    private static List<Map<String, Object>> shipments(ConfigurableApplicationContext instance) {
        return http(instance).get().uri("/shipments").retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    private static double count(ConfigurableApplicationContext instance, String meter, String tag, String value) {
        return instance.getBean(MeterRegistry.class)
            .find(meter)
            .tag("event", "order.paid")
            .tag(tag, value)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }
}
