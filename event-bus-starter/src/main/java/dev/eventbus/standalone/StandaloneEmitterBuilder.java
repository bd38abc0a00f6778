package dev.eventbus.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import dev.eventbus.Emitter;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.core.EmitterInstrumentation;
import dev.eventbus.core.InterceptableBuilder;
import dev.eventbus.metrics.MicrometerEmitterInstrumentation;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.util.Assert;

/**
 * The composition root of an emitter outside a Spring context, behind {@link Emitter#builder()}: the one class that
 * puts the engine and the metrics together without Spring Boot. It also installs the engine's interceptors; create
 * one directly for that.
 */
public final class StandaloneEmitterBuilder implements InterceptableBuilder {

    private Executor executor = ForkJoinPool.commonPool();

    private int maxListeners = DefaultEmitter.DEFAULT_MAX_LISTENERS;

    private int maxDepth = DefaultEmitter.DEFAULT_MAX_DEPTH;

    private EmitterInstrumentation instrumentation = EmitterInstrumentation.NONE;

    private final List<EmitInterceptor> interceptors = new ArrayList<>();

    @Override
    public StandaloneEmitterBuilder executor(Executor executor) {
        Assert.notNull(executor, "Executor must not be null");
        this.executor = executor;
        return this;
    }

    @Override
    public StandaloneEmitterBuilder maxListeners(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("Max listeners must be 0 (unlimited) or positive, but was " + max);
        }
        this.maxListeners = max;
        return this;
    }

    @Override
    public StandaloneEmitterBuilder maxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("Max depth must be positive, but was " + maxDepth);
        }
        this.maxDepth = maxDepth;
        return this;
    }

    @Override
    public StandaloneEmitterBuilder meterRegistry(MeterRegistry registry) {
        Assert.notNull(registry, "MeterRegistry must not be null");
        this.instrumentation = new MicrometerEmitterInstrumentation(registry,
                MicrometerEmitterInstrumentation.DEFAULT_MAX_EVENT_TAGS);
        return this;
    }

    @Override
    public StandaloneEmitterBuilder interceptor(EmitInterceptor interceptor) {
        Assert.notNull(interceptor, "EmitInterceptor must not be null");
        this.interceptors.add(interceptor);
        return this;
    }

    @Override
    public DefaultEmitter build() {
        DefaultEmitter emitter = new DefaultEmitter(this.executor, this.maxListeners, this.instrumentation,
                new AnnotatedListenerScanner(), EmitInterceptor.of(this.interceptors));
        emitter.setMaxDepth(this.maxDepth);
        return emitter;
    }

}
