package dev.eventbus.demo;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the listeners of the {@code kafka} profile did in this instance: {@code GET /sales} (its sales board: the orders
 * paid in any instance since this one started) and {@code GET /shipments} (the orders this instance shipped).
 */
@RestController
@Profile("kafka")
class ScaleOutController {

    private final SalesBoard salesBoard;

    private final Shipping shipping;

    ScaleOutController(SalesBoard salesBoard, Shipping shipping) {
        this.salesBoard = salesBoard;
        this.shipping = shipping;
    }

    @GetMapping("/sales")
    Map<String, SalesBoard.Sales> sales() {
        return this.salesBoard.totals();
    }

    @GetMapping("/shipments")
    List<Shipping.Shipment> shipments() {
        return this.shipping.shipments();
    }
}
