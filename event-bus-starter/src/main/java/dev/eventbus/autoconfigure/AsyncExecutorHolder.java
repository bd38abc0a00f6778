package dev.eventbus.autoconfigure;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.CustomizableThreadCreator;

/**
 * Ties the async listeners' executor to the context's lifecycle without exposing it as an {@link Executor} bean,
 * which would make Boot's {@code applicationTaskExecutor} back off. By the time it is destroyed, the emitter has
 * drained (or reported) its async work, so stopping it waits for nothing.
 */
final class AsyncExecutorHolder implements InitializingBean, DisposableBean {

    private final Executor executor;

    AsyncExecutorHolder(Executor executor) {
        this.executor = executor;
    }

    Executor getExecutor() {
        return this.executor;
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        if (this.executor instanceof InitializingBean initializingBean) {
            initializingBean.afterPropertiesSet();
        }
    }

    /**
     * Stops the executor. When the context is closed from inside one of its tasks (an async listener), stopping
     * interrupts the executor's threads, the closing one included: that interrupt is taken back, as the closing
     * listener is not work left over but the caller, which goes on once the close returns.
     */
    @Override
    public void destroy() throws Exception {
        boolean ownThread = isOwnThread();
        boolean interrupted = Thread.currentThread().isInterrupted();
        try {
            if (this.executor instanceof DisposableBean disposableBean) {
                disposableBean.destroy();
            }
            else if (this.executor instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        finally {
            if (ownThread && !interrupted) {
                Thread.interrupted();
            }
        }
    }

    /** Whether the calling thread is one of the executor's, known by the name the executor gives its threads. */
    private boolean isOwnThread() {
        return this.executor instanceof CustomizableThreadCreator creator
                && Thread.currentThread().getName().startsWith(creator.getThreadNamePrefix());
    }

    @Override
    public String toString() {
        return "AsyncExecutorHolder[" + this.executor + "]";
    }

}
