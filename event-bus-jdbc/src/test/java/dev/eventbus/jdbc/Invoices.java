package dev.eventbus.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Event;
import dev.eventbus.On;

/**
 * A durable listener that records what it received, and can be held at its start until a test lets it go.
 */
class Invoices {

    final List<Order> invoiced = new CopyOnWriteArrayList<>();

    final List<String> eventIds = new CopyOnWriteArrayList<>();

    final List<String> threads = new CopyOnWriteArrayList<>();

    volatile CountDownLatch gate = new CountDownLatch(0);

    @On(value = "order.placed", id = "invoice", durable = true)
    void invoice(Order order, Event event) throws InterruptedException {
        if (!this.gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        this.threads.add(Thread.currentThread().getName());
        this.eventIds.add(event.id());
        this.invoiced.add(order);
    }

}
