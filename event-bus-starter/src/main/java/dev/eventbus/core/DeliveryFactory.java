package dev.eventbus.core;

import org.jspecify.annotations.Nullable;

/**
 * Contributes a {@link Delivery} for the listeners it recognises: the seam through which a module outside the
 * engine (transactions, a publication log, a broker) changes how a listener is delivered without touching the
 * dispatcher. In a Spring context every bean of this type is applied, in {@code @Order}; outside one, pass them to
 * the {@link DefaultEmitter} constructor.
 * <p>
 * For each listener definition the engine first chooses its standard delivery (inline for a sync listener, the
 * executor for an async one, an ordered lane for an ordered one), then offers it to each factory in turn: a factory
 * returns the delivery to use, usually one that wraps the delivery it was given, or {@code null} to leave it as it is.
 */
@FunctionalInterface
public interface DeliveryFactory {

    /**
     * Chooses the delivery of one listener definition, once, when it is registered.
     * @param definition the listener being registered
     * @param delivery the delivery chosen so far: the standard one, or what an earlier factory made of it
     * @return the delivery to use instead, or {@code null} to keep {@code delivery}
     * @throws dev.eventbus.ListenerDefinitionException when the definition asks for something this factory cannot do
     */
    @Nullable Delivery deliveryFor(ListenerDefinition definition, Delivery delivery);

}
