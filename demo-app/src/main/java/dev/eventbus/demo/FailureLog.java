package dev.eventbus.demo;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import dev.eventbus.RetriesExhaustedException;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * A dead-letter listener: keeps every failure that had no caller to reach, such as a declined payment, with the
 * event's arguments (so it could be replayed) and the number of attempts a {@code @Retryable} listener made. The bus
 * itself keeps nothing; a real application would store these in its database.
 */
@Slf4j
@Component
class FailureLog {

    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

    @On("error")
    void record(Throwable error, ListenerFailure failure) {
        int attempts = RetriesExhaustedException.of(error).map(RetriesExhaustedException::getAttempts).orElse(1);
        log.warn("Listener '{}' failed on '{}' after {} attempt(s): {}", failure.listenerId(), failure.event(),
                attempts, error.toString());
        this.failures.add(new Failure(Instant.now(), failure.event(), failure.listenerId(), failure.args(),
                attempts, error.getClass().getSimpleName(), String.valueOf(error.getMessage())));
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
     * @param args the event's arguments, to replay it with {@code emitter.emit(event, args.toArray())}
     * @param attempts how many times the listener was called, retries included
     * @param exception the simple class name of the failure
     * @param message its message
     */
    record Failure(Instant at, String event, String listener, List<Object> args, int attempts, String exception,
            String message) {
    }
}
