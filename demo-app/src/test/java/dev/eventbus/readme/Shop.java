package dev.eventbus.readme;

import dev.eventbus.Emitter;
import dev.eventbus.On;

import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

record Order(String item, int quantity) {}

@Component
class Inventory {
    @On("order.placed")                     // a method of any singleton bean
    void reserve(Order order) { /* runs on the emitting thread, before emit returns */ }
}

@Component
class Payments {
    private final Emitter emitter;
    Payments(Emitter emitter) { this.emitter = emitter; }

    @On(value = "order.placed", async = true)   // on the bus executor: emit does not wait for it
    void charge(Order order) { emitter.emit("order.paid", order); }
}

@Service
class Checkout {
    private final Emitter emitter;          // the auto-configured bus
    Checkout(Emitter emitter) { this.emitter = emitter; }
    void place(Order order) { emitter.emit("order.placed", order); }
}
