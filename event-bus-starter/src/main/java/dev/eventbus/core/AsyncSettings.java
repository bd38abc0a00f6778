package dev.eventbus.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How an emitter treats its async listeners: what happens when the executor refuses one, and how long closing the
 * emitter waits for the invocations it accepted.
 *
 * @param overflow what to do when the executor refuses an invocation
 * @param blockTimeout how long {@link AsyncOverflowPolicy#BLOCK} waits for room before the emit fails, and how long
 * {@link AsyncOverflowPolicy#CALLER_RUNS} waits for an ordered listener that another thread is running
 * @param shutdownTimeout how long {@link DefaultEmitter#close()} waits for accepted async invocations to finish
 */
public record AsyncSettings(AsyncOverflowPolicy overflow, Duration blockTimeout, Duration shutdownTimeout) {

    /**
     * The defaults, also those of the {@code eventbus.async.*} properties: caller-runs, a 10 s block timeout, a
     * 30 s shutdown timeout.
     */
    public static final AsyncSettings DEFAULTS = new AsyncSettings(AsyncOverflowPolicy.CALLER_RUNS,
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    public AsyncSettings {
        Assert.notNull(overflow, "Overflow policy must not be null");
        Assert.notNull(blockTimeout, "Block timeout must not be null");
        Assert.notNull(shutdownTimeout, "Shutdown timeout must not be null");
        if (blockTimeout.isNegative() || blockTimeout.isZero()) {
            throw new IllegalArgumentException("Block timeout must be positive, but was " + blockTimeout);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("Shutdown timeout must not be negative, but was " + shutdownTimeout);
        }
    }

}
