package dev.eventbus.autoconfigure;

import java.time.Duration;

import dev.eventbus.Emitter;
import dev.eventbus.core.GracefulShutdown;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the context's {@link Emitter} (one that is a {@link GracefulShutdown}) when the context closes: after the
 * web server has finished its graceful shutdown (so requests still in flight can emit), before executors stop and
 * beans are destroyed (so the async listeners it drains still have their threads and beans). Closing an emitter is
 * final, so a context that is only stopped (or paused, as the test framework does with cached contexts) keeps its bus
 * open; one that is stopped and then closed closes its bus as the close begins, before any bean is destroyed.
 */
final class EventBusLifecycle
        implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    /**
     * Below the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}) and the web server's own stop
     * ({@code Integer.MAX_VALUE - 2048}), which stop first; above Spring's task executors and schedulers
     * ({@code Integer.MAX_VALUE / 2}), which stop after.
     */
    static final int PHASE = Integer.MAX_VALUE - 3072;

    private final ObjectProvider<Emitter> emitter;

    private final Duration shutdownTimeout;

    private @Nullable ApplicationContext applicationContext;

    private volatile boolean closing;

    private volatile boolean running;

    EventBusLifecycle(ObjectProvider<Emitter> emitter, Duration shutdownTimeout) {
        this.emitter = emitter;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // published before the lifecycle stops; a child context's close reaches its parent's listeners too
        if (event.getApplicationContext() == this.applicationContext) {
            this.closing = true;
            if (!this.running) {
                // stopped before it was closed: the lifecycle will not stop this bean again, and beans are destroyed
                // next, so drain now, while the listeners' beans are all there
                shutdown();
            }
        }
    }

    /**
     * Always run on the closing thread, even by a multicaster that has an executor: {@link #stop()} must see that
     * the context is closing.
     * @return {@code false}
     */
    @Override
    public boolean supportsAsyncExecution() {
        return false;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.closing) {
            shutdown();
        }
    }

    private void shutdown() {
        if (this.emitter.getIfUnique() instanceof GracefulShutdown drainable) {
            drainable.shutdown(this.shutdownTimeout);
        }
    }

    /**
     * Not pauseable: closing is final, so a context that Spring's test framework pauses while another one is in use
     * (and restarts when a test needs it again) must keep its emitter open.
     * @return {@code false}
     */
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
