package dev.eventbus.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventbus.Emitter;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ResponseStatusException;

/**
 * Keeps the orders and announces each new one as {@code order.placed}; it knows none of the listeners.
 */
@Component
class OrderBook {

    private final Emitter emitter;

    private final AtomicLong ids = new AtomicLong();

    private final Map<Long, Order> orders = new ConcurrentSkipListMap<>();

    OrderBook(Emitter emitter) {
        this.emitter = emitter;
    }

    Order place(OrderRequest request) {
        String item = request.item();
        BigDecimal amount = request.amount();
        if (!StringUtils.hasText(item) || request.quantity() < 1 || amount == null || amount.signum() < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "An order needs an item, a quantity of at least 1 and an amount of at least 0");
        }
        Order order = new Order(this.ids.incrementAndGet(), item, request.quantity(), amount);
        // Sync listeners run now, on this thread: when the inventory throws, the exception reaches the caller and
        // the order is not kept. Async listeners (payment, email) carry on after the response.
        this.emitter.emit("order.placed", order);
        this.orders.put(order.id(), order);
        return order;
    }

    List<Order> all() {
        return List.copyOf(this.orders.values());
    }

    Optional<Order> find(long id) {
        return Optional.ofNullable(this.orders.get(id));
    }
}
