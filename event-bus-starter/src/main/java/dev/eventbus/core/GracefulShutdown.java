package dev.eventbus.core;

import java.time.Duration;

/**
 * An emitter that refuses new emits and drains its accepted async work when its application closes. The starter's
 * lifecycle calls {@link #shutdown(Duration)} after the web server has stopped and before beans are destroyed.
 */
public interface GracefulShutdown {

    /**
     * Refuses emits from now on, then waits up to {@code timeout} for the async work accepted so far. Calling it
     * again waits for the first call to end and returns its answer.
     * @param timeout how long to wait; {@code 0} to wait for nothing
     * @return whether all accepted work finished in time
     */
    boolean shutdown(Duration timeout);

    /**
     * Whether {@link #shutdown(Duration)} has been called.
     * @return whether emits are refused
     */
    boolean isClosed();

}
