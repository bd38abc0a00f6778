package dev.eventbus.jdbc;

import java.time.Duration;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * When a failed publication is attempted again ({@code eventbus.durable.retry.*}): exponential back-off with jitter,
 * computed from the number of attempts made so far, so that any instance computes the same schedule.
 */
final class RetrySchedule {

    private final ExponentialBackOff backOff;

    private final int maxAttempts;

    RetrySchedule(DurableProperties.Retry retry) {
        this.backOff = new ExponentialBackOff(retry.getInitialInterval().toMillis(), retry.getMultiplier());
        this.backOff.setMaxInterval(retry.getMaxInterval().toMillis());
        this.backOff.setJitter(retry.getJitter().toMillis());
        this.backOff.setMaxAttempts(Long.MAX_VALUE);
        this.backOff.setMaxElapsedTime(Long.MAX_VALUE);
        this.maxAttempts = retry.getMaxAttempts();
    }

    int maxAttempts() {
        return this.maxAttempts;
    }

    /** Whether a publication whose attempts number {@code attempts}, the last one failed, is failed for good. */
    boolean exhausted(int attempts) {
        return attempts >= this.maxAttempts;
    }

    /** How long to wait after the {@code attempts}-th attempt failed. */
    Duration delayAfter(int attempts) {
        BackOffExecution execution = this.backOff.start();
        long delay = 0;
        for (int i = 0; i < Math.max(1, attempts); i++) {
            delay = execution.nextBackOff();
        }
        return Duration.ofMillis(delay);
    }

}
