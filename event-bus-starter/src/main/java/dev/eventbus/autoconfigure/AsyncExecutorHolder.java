package dev.eventbus.autoconfigure;

import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Ties the async listeners' executor to the context's lifecycle without exposing it as an {@link Executor} bean,
 * which would make Boot's {@code applicationTaskExecutor} back off.
 */
final class AsyncExecutorHolder implements InitializingBean, DisposableBean {

    private static final Log logger = LogFactory.getLog(AsyncExecutorHolder.class);

    private final Executor executor;

    private final boolean awaitTermination;

    AsyncExecutorHolder(Executor executor, boolean awaitTermination) {
        this.executor = executor;
        this.awaitTermination = awaitTermination;
    }

    private int queuedInvocations() {
        if (this.executor instanceof ThreadPoolTaskExecutor pool) {
            try {
                return pool.getThreadPoolExecutor().getQueue().size();
            }
            catch (IllegalStateException notInitialized) {
                return 0;
            }
        }
        return 0;
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
        int queued = queuedInvocations();
        if (!this.awaitTermination && queued > 0) {
            logger.warn(queued + " queued async listener invocations are dropped at shutdown because "
                    + "eventbus.async.shutdown.await-termination is false");
        }
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
