package dev.eventbus.demo;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.eventbus.Event;
import dev.eventbus.On;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Records every order event, whatever its name, through one {@code order.**} pattern.
 */
@Component
class Audit {

    private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();

    /**
     * First of all (order -100), so the trail also shows orders that a later listener rejects.
     */
    @On(value = "order.**", order = -100)
    void record(Event event) {
        this.entries.add(new Entry(Instant.now(), event.name(), event.args(), Thread.currentThread().getName()));
    }

    List<Entry> entries() {
        return List.copyOf(this.entries);
    }

    /**
     * One audited event.
     *
     * @param at when it was emitted
     * @param event its name
     * @param args its arguments
     * @param thread the thread that emitted it
     */
    record Entry(Instant at, String event, List<@Nullable Object> args, String thread) {
    }
}
