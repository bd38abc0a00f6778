package dev.eventbus;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exceptions that carry a record of what happened ({@link RetriesExhaustedException},
 * {@link MaxDepthExceededException}): built from their public constructors, as an application's own retry or
 * recursion guard may build them.
 */
class FailureRecordsTest {

    @Test
    void retriesExhaustedExceptionNeedsEveryAttemptsFailure() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetriesExhaustedException("Mailer.send", List.of()))
            .withMessage("The failures of listener method Mailer.send must not be empty");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetriesExhaustedException("Mailer.send",
                    Arrays.asList(new IllegalStateException("first"), null)))
            .withMessageStartingWith("The failures of listener method Mailer.send must not contain null, but were [");
    }

    @Test
    void sameExceptionThrownByEveryAttemptIsCountedButNeverSuppressedInItself() {
        IllegalStateException always = new IllegalStateException("ledger locked");

        RetriesExhaustedException retries = new RetriesExhaustedException("Ledger.book",
                List.of(always, always, always));
        always.addSuppressed(retries);

        assertThat(retries.getAttempts()).isEqualTo(3);
        assertThat(retries.getSuppressed()).isEmpty();
        assertThat(retries).hasMessage("Listener method Ledger.book failed 3 attempts (1 call and 2 retries); "
                + "the last failure carries this, the earlier ones are suppressed here");
        assertThat(RetriesExhaustedException.of(always)).containsSame(retries);
        ListenerInvocationException wrapped = new ListenerInvocationException("ledger.booked", "ledger#book", always);
        assertThat(RetriesExhaustedException.of(wrapped)).as("found through a wrapper's cause").containsSame(retries);
        assertThat(RetriesExhaustedException.of(new IllegalStateException("never retried"))).isEmpty();
    }

    @Test
    void maxDepthExceededExceptionNeedsTheRejectedEmitInItsChain() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MaxDepthExceededException(List.of(), 64))
            .withMessage("The chain must hold at least the rejected emit, but was empty");

        MaxDepthExceededException ex = new MaxDepthExceededException(List.of("ping", "pong"), 1);

        assertThat(ex.getChain()).containsExactly("ping", "pong");
        assertThat(ex).hasMessageContaining("Emit of 'pong' would nest 2 emits deep")
            .hasMessageEndingWith("Chain: ping -> pong");
    }

}
