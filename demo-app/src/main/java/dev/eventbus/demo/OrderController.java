package dev.eventbus.demo;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order; {@code GET /orders} lists the ones that were accepted.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

    private final OrderBook orders;

    OrderController(OrderBook orders) {
        this.orders = orders;
    }

    @PostMapping
    ResponseEntity<Order> place(@RequestBody OrderRequest request) {
        Order order = this.orders.place(request);
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
    }

    @GetMapping
    List<Order> list() {
        return this.orders.all();
    }

    @GetMapping("/{id}")
    ResponseEntity<Order> get(@PathVariable long id) {
        return ResponseEntity.of(this.orders.find(id));
    }
}
