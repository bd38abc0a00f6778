package dev.eventbus.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.eventbus.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code next} on a pattern waits for the next event actually emitted: the emitter's own announcements of the
 * temporary listeners behind {@code next} do not complete it.
 */
class NextOnPatternsTest {

    private static final Executor DIRECT = Runnable::run;

    private final DefaultEmitter emitter = new DefaultEmitter(DIRECT, 10, EmitterInstrumentation.NONE,
            new AnnotatedListenerScanner());

    @ParameterizedTest
    @ValueSource(strings = { "*", "**" })
    void nextOnAWildcardWaitsForTheNextRealEmit(String pattern) {
        CompletableFuture<Event> next = this.emitter.next(pattern);

        assertThat(next).as("completed by the announcement of its own 'error' listener").isNotDone();
        this.emitter.emit("shipped", 7);

        assertThat(next).isCompleted();
        assertThat(next.join().name()).isEqualTo("shipped");
        assertThat(next.join().args()).containsExactly(7);
        assertThat(this.emitter.registrations()).as("both temporary listeners removed").isEmpty();
    }

    @Test
    void anotherNextsTemporaryListenersDoNotCompleteAWildcardNext() {
        CompletableFuture<Event> everything = this.emitter.next("**");

        CompletableFuture<Event> order = this.emitter.next("order.placed");
        order.cancel(false);

        assertThat(everything).isNotDone();
        this.emitter.emit("order.placed", 1);
        assertThat(everything.join().name()).isEqualTo("order.placed");
    }

    @Test
    void aRealRegistrationIsStillAnnouncedToAWildcardNext() {
        CompletableFuture<Event> next = this.emitter.next("*");

        this.emitter.on("order", (event) -> {
        });

        assertThat(next).isCompleted();
        assertThat(next.join().name()).isEqualTo("newListener");
    }

}
