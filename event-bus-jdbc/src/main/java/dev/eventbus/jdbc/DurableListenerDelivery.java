package dev.eventbus.jdbc;

import java.util.List;

import dev.eventbus.core.Delivery;
import dev.eventbus.core.DurableDelivery;
import dev.eventbus.core.Invocation;
import tools.jackson.databind.JavaType;

/**
 * The delivery of one durable listener: at the emit it only notes the invocation for the writer; at the emit's end
 * the writer writes it down; after the commit the relay runs the listener through the delivery this one wraps.
 *
 * @param listenerId the listener's id
 * @param next the delivery the listener runs through (the bus executor's)
 * @param argumentTypes the types its stored arguments bind back to
 * @param writer writes the publications of an emit
 */
record DurableListenerDelivery(String listenerId, Delivery next, List<JavaType> argumentTypes,
        PublicationWriter writer) implements DurableDelivery {

    @Override
    public void deliver(Invocation invocation) {
        this.writer.buffer(this, invocation.event());
        // it runs later, from the log: an emitAsync future does not wait for it
        invocation.withdraw();
    }

    @Override
    public void emitEnded() {
        this.writer.flush();
    }

    @Override
    public String toString() {
        return "durable(" + this.next + ")";
    }

}
