package dev.eventbus.core;

import java.util.List;

import dev.eventbus.Event;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Events that were emitted before: what a module that stores events (a publication log) or receives them (a broker)
 * hands back to the engine, with the id and origin they were emitted with.
 */
public final class Events {

    private Events() {
    }

    /**
     * How many emits are in progress on the current thread, nested ones counted each: inside a delivery's
     * {@link Delivery#deliver} or {@link DurableDelivery#emitEnded()}, the depth of the emit being dispatched. A
     * durable delivery tells the emits its invocations came from apart by it, so that the end of a nested emit
     * writes that emit's invocations and leaves those of the emit around it.
     * @return the depth, {@code 0} outside any emit
     */
    public static int emitDepth() {
        return EmitChain.currentDepth();
    }

    /**
     * An event as it was emitted, earlier or in another instance.
     * @param id its event id ({@link Event#id()})
     * @param origin the id of the instance that emitted it ({@link Event#origin()})
     * @param name its name
     * @param args its arguments, as the receiving listener's parameters take them
     * @return the event
     * @throws IllegalArgumentException when the id, the origin or the name is blank
     */
    public static Event restored(String id, String origin, String name, List<? extends @Nullable Object> args) {
        Assert.hasText(id, "Event id must not be blank");
        Assert.hasText(origin, () -> "Origin of event " + id + " must not be blank");
        Assert.hasText(name, () -> "Name of event " + id + " must not be blank");
        Assert.notNull(args, () -> "Arguments of event " + id + " must not be null");
        return new EmittedEvent(id, origin, name, args.toArray());
    }

}
