package dev.eventbus.autoconfigure;

import java.time.Duration;

import dev.eventbus.Emitter;
import dev.eventbus.core.DefaultEmitter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the context's {@link DefaultEmitter} when the application stops: after the web server has finished its
 * graceful shutdown (so requests still in flight can emit), before executors stop and beans are destroyed (so the
 * async listeners it drains still have their threads and beans). A closed emitter never reopens, so it takes no part
 * in a context's pause (which the Spring TestContext framework applies to a cached context it switches away from,
 * and undoes with a restart).
 */
final class EventBusLifecycle implements SmartLifecycle {

    /**
     * Below the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}) and the web server's own stop
     * ({@code Integer.MAX_VALUE - 2048}), which stop first; above Spring's task executors and schedulers
     * ({@code Integer.MAX_VALUE / 2}), which stop after.
     */
    static final int PHASE = Integer.MAX_VALUE - 3072;

    private final ObjectProvider<Emitter> emitter;

    private final Duration shutdownTimeout;

    private volatile boolean running;

    EventBusLifecycle(ObjectProvider<Emitter> emitter, Duration shutdownTimeout) {
        this.emitter = emitter;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.emitter.getIfUnique() instanceof DefaultEmitter defaultEmitter) {
            defaultEmitter.shutdown(this.shutdownTimeout);
        }
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
