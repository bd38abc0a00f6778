package dev.eventbus.demo;

import dev.eventbus.Emitter;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /invoices/{number}/paid} announces {@code invoice.paid}, which no listener of the demo handles yet:
 * an unhandled emit, as counted by {@code eventbus.emits} with {@code outcome="unhandled"}.
 */
@RestController
class InvoiceController {

    private final Emitter emitter;

    InvoiceController(Emitter emitter) {
        this.emitter = emitter;
    }

    @PostMapping("/invoices/{number}/paid")
    ResponseEntity<Announcement> paid(@PathVariable String number) {
        boolean delivered = this.emitter.emit("invoice.paid", number);
        return ResponseEntity.accepted().body(new Announcement("invoice.paid", delivered));
    }

    /**
     * What {@code emit} answered.
     *
     * @param event the emitted name
     * @param delivered whether any listener matched
     */
    record Announcement(String event, boolean delivered) {
    }
}
