package dev.eventbus.autoconfigure;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

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

    @Override
    public void destroy() throws Exception {
        if (this.executor instanceof DisposableBean disposableBean) {
            disposableBean.destroy();
        }
        else if (this.executor instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "AsyncExecutorHolder[" + this.executor + "]";
    }

}
