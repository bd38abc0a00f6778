package dev.eventbus.demo;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * Listens to {@code "error"}: the failures that had no caller to reach, such as a declined payment.
 */
@Slf4j
@Component
class FailureLog {

    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

    @On("error")
    void record(Throwable error, ListenerFailure failure) {
        log.warn("Listener '{}' failed on '{}': {}", failure.listenerId(), failure.event(), error.toString());
        this.failures.add(new Failure(Instant.now(), failure.event(), failure.listenerId(),
                error.getClass().getSimpleName(), String.valueOf(error.getMessage())));
    }

    List<Failure> failures() {
        return List.copyOf(this.failures);
    }

    /**
     * One recorded failure.
     *
     * @param at when it was recorded
     * @param event the event being delivered
     * @param listener the id of the listener that failed
     * @param exception the simple class name of the failure
     * @param message its message
     */
    record Failure(Instant at, String event, String listener, String exception, String message) {
    }
}
