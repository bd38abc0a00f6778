package dev.eventbus.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import static org.awaitility.Awaitility.await;

/**
 * Application contexts started in this JVM as instances of services, against one broker: each with its own
 * instance id and group.
 */
final class Cluster implements AutoCloseable {

    private final String bootstrapServers;

    private final Map<String, ConfigurableApplicationContext> instances = new LinkedHashMap<>();

    Cluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts an instance and waits until its consumers have partitions. */
    ConfigurableApplicationContext start(String name, String group, Class<?> application, String... properties) {
        return start(WebApplicationType.NONE, name, group, application, properties);
    }

    /** Starts an instance with a web server on a free port ({@code local.server.port}). */
    ConfigurableApplicationContext startWeb(String name, String group, Class<?> application, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("server.port=0");
        return start(WebApplicationType.SERVLET, name, group, application, all.toArray(String[]::new));
    }

    private ConfigurableApplicationContext start(WebApplicationType web, String name, String group,
            Class<?> application, String... properties) {
        List<String> all = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + this.bootstrapServers,
                "eventbus.instance-id=" + name, "eventbus.kafka.group=" + group, "spring.application.name=" + group,
                "test.instance=" + name, "spring.kafka.consumer.properties[metadata.max.age.ms]=2000",
                "eventbus.kafka.retry.initial-interval=100ms", "eventbus.kafka.topics.partitions=4"));
        all.addAll(List.of(properties));
        SpringApplication application0 = new SpringApplicationBuilder(application)
            .web(web)
            .properties(all.toArray(String[]::new))
            .build();
        ConfigurableApplicationContext context = application0.run();
        this.instances.put(name, context);
        awaitAssigned(context);
        return context;
    }

    ConfigurableApplicationContext get(String name) {
        return this.instances.get(name);
    }

    /** Waits until every consumer container of the instance has partitions assigned. */
    static void awaitAssigned(ConfigurableApplicationContext context) {
        InboundContainers containers = context.getBean(InboundContainers.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> containers.containers().stream()
            .allMatch(Cluster::assigned));
    }

    private static boolean assigned(ConcurrentMessageListenerContainer<String, byte[]> container) {
        var partitions = container.getAssignedPartitions();
        return partitions != null && !partitions.isEmpty();
    }

    void stop(String name) {
        ConfigurableApplicationContext context = this.instances.remove(name);
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void close() {
        new ArrayList<>(this.instances.keySet()).forEach(this::stop);
    }

}
