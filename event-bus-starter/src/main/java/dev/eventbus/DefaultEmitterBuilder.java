package dev.eventbus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.core.EmitterInstrumentation;
import dev.eventbus.core.InterceptableBuilder;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.util.Assert;

/**
 * The standalone composition root behind {@link Emitter#builder()}: the one place where the API package reaches
 * into the engine and the metrics package. It also takes the engine's interceptors, through
 * {@link InterceptableBuilder}, which the API does not name.
 */
final class DefaultEmitterBuilder implements InterceptableBuilder {

    /** The default {@code eventbus.metrics.max-event-tags}. */
    private static final int DEFAULT_MAX_EVENT_TAGS = 100;

    private static final int DEFAULT_MAX_LISTENERS = 10;

    private Executor executor = ForkJoinPool.commonPool();

    private int maxListeners = DEFAULT_MAX_LISTENERS;

    private int maxDepth = DefaultEmitter.DEFAULT_MAX_DEPTH;

    private EmitterInstrumentation instrumentation = EmitterInstrumentation.NONE;

    private final List<EmitInterceptor> interceptors = new ArrayList<>();

    @Override
    public Emitter.Builder executor(Executor executor) {
        Assert.notNull(executor, "Executor must not be null");
        this.executor = executor;
        return this;
    }

    @Override
    public Emitter.Builder maxListeners(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Max listeners must be 0 (unlimited) or positive, but was " + max);
        }
        this.maxListeners = max;
        return this;
    }

    @Override
    public Emitter.Builder maxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("Max depth must be positive, but was " + maxDepth);
        }
        this.maxDepth = maxDepth;
        return this;
    }

    @Override
    public Emitter.Builder meterRegistry(MeterRegistry registry) {
        Assert.notNull(registry, "MeterRegistry must not be null");
        this.instrumentation = new MicrometerEmitterInstrumentation(registry, DEFAULT_MAX_EVENT_TAGS);
        return this;
    }

    @Override
    public InterceptableBuilder interceptor(EmitInterceptor interceptor) {
        Assert.notNull(interceptor, "EmitInterceptor must not be null");
        this.interceptors.add(interceptor);
        return this;
    }

    @Override
    public Emitter build() {
        DefaultEmitter emitter = new DefaultEmitter(this.executor, this.maxListeners, this.instrumentation,
                new AnnotatedListenerScanner(), EmitInterceptor.of(this.interceptors));
        emitter.setMaxDepth(this.maxDepth);
        return emitter;
    }
}
