package dev.eventbus.core;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.eventbus.Instances;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.Phase;

/**
 * Chooses each listener definition's {@link Delivery} once, at registration: the standard one for its attributes
 * (inline, executor or ordered lane), then whatever the {@link DeliveryFactory DeliveryFactories} make of it.
 */
final class DeliveryChooser implements Function<ListenerDefinition, Delivery> {

    private final ExecutorDelivery executorDelivery;

    private final Executor executor;

    private final OverflowStrategy overflow;

    private final InFlightInvocations inFlight;

    private final ListenerRunner runner;

    private final AsyncSettings settings;

    private final List<DeliveryFactory> factories;

    DeliveryChooser(Executor executor, AsyncSettings settings, InFlightInvocations inFlight, ListenerRunner runner,
            List<DeliveryFactory> factories) {
        this.executor = executor;
        this.overflow = OverflowStrategy.of(settings, inFlight.room);
        this.inFlight = inFlight;
        this.runner = runner;
        this.settings = settings;
        this.factories = List.copyOf(factories);
        this.executorDelivery = new ExecutorDelivery(executor, this.overflow, inFlight, runner);
    }

    @Override
    public Delivery apply(ListenerDefinition definition) {
        Delivery standard = standard(definition);
        Delivery delivery = standard;
        for (DeliveryFactory factory : this.factories) {
            Delivery chosen = factory.deliveryFor(definition, delivery);
            if (chosen != null) {
                delivery = chosen;
            }
        }
        if (definition.durable() && !(delivery instanceof DurableDelivery)) {
            throw new ListenerDefinitionException("Listener " + describe(definition) + " is durable, but nothing here "
                    + "delivers durable listeners: add the dependency dev.eventbus:"
                    + "event-bus-spring-boot-starter-jdbc (and a DataSource), or remove durable = true");
        }
        if (definition.phase() != Phase.IMMEDIATE && !definition.durable() && delivery == standard) {
            throw new ListenerDefinitionException("Listener " + describe(definition) + " runs at phase "
                    + definition.phase() + " of a transaction, but nothing here follows transactions: add "
                    + "org.springframework:spring-tx (spring-boot-starter-jdbc, -data-jpa... bring it), or remove "
                    + "the phase");
        }
        if (definition.instances() != Instances.THIS && delivery == standard) {
            throw new ListenerDefinitionException("Listener " + describe(definition) + " asks for instances = "
                    + definition.instances() + ", but nothing here carries events between instances: add the "
                    + "dependency dev.eventbus:event-bus-spring-boot-starter-kafka (with eventbus.kafka.enabled not "
                    + "false), or remove instances = " + definition.instances());
        }
        return delivery;
    }

    /** The listener's id, and its method when it has one. */
    static String describe(ListenerDefinition definition) {
        return "'" + definition.id() + "'"
                + ((definition.invoker() instanceof MethodInvoker method) ? " (" + method.where() + ")" : "");
    }

    private Delivery standard(ListenerDefinition definition) {
        if (!definition.async()) {
            return InlineDelivery.INSTANCE;
        }
        if (definition.ordered()) {
            // its own lane: one per definition, shared by the registrations of its patterns
            return new OrderedLaneDelivery(this.executor, this.overflow, this.inFlight, this.runner,
                    this.settings.blockTimeout());
        }
        return this.executorDelivery;
    }

}
