package dev.eventbus.demo;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only views of what the listeners did: {@code GET /inventory}, {@code GET /audit}, {@code GET /failures}.
 */
@RestController
class InspectionController {

    private final Inventory inventory;

    private final Audit audit;

    private final FailureLog failureLog;

    InspectionController(Inventory inventory, Audit audit, FailureLog failureLog) {
        this.inventory = inventory;
        this.audit = audit;
        this.failureLog = failureLog;
    }

    @GetMapping("/inventory")
    Map<String, Integer> inventory() {
        return this.inventory.stock();
    }

    @GetMapping("/audit")
    List<Audit.Entry> audit() {
        return this.audit.entries();
    }

    @GetMapping("/failures")
    List<FailureLog.Failure> failures() {
        return this.failureLog.failures();
    }
}
