package dev.eventbus.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the bus's topics that do not exist yet (the default topic, each route's, and their dead-letter topics) at
 * startup. A topic that exists is left exactly as it is: adding partitions to it would move keys to other partitions
 * and break their order. A broker that cannot be reached is logged, not fatal: the clients wait for it.
 */
final class TopicCreator implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(TopicCreator.class);

    private final Map<String, Object> adminProperties;

    private final Set<String> topics;

    private final int partitions;

    private final short replicas;

    TopicCreator(Map<String, Object> adminProperties, Set<String> topics, int partitions, short replicas) {
        this.adminProperties = Map.copyOf(adminProperties);
        this.topics = Set.copyOf(topics);
        this.partitions = partitions;
        this.replicas = replicas;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Admin admin = Admin.create(this.adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Optional<Short> replication = (this.replicas > 0) ? Optional.of(this.replicas) : Optional.empty();
            for (String topic : this.topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(this.partitions), replication));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                    logger.info("Created the Kafka topics " + missing.stream().map(NewTopic::name).toList()
                            + " with " + this.partitions + " partitions");
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            logger.warn("Could not create the Kafka topics " + this.topics + " (eventbus.kafka.topics.create): "
                    + ex + "; create them, or let the broker create them, before events are sent", ex);
        }
    }

}
