package dev.eventbus.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Subscription;

/** An {@link Emitter} that is not the library's own, to check what the starter does with such an emitter. */
class ForwardingEmitter implements Emitter {

    private final Emitter delegate;

    ForwardingEmitter(Emitter delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean emit(String event, Object... args) {
        return this.delegate.emit(event, args);
    }

    @Override
    public CompletableFuture<Void> emitAsync(String event, Object... args) {
        return this.delegate.emitAsync(event, args);
    }

    @Override
    public Subscription on(String event, Listener listener) {
        return this.delegate.on(event, listener);
    }

    @Override
    public Subscription once(String event, Listener listener) {
        return this.delegate.once(event, listener);
    }

    @Override
    public Subscription prependListener(String event, Listener listener) {
        return this.delegate.prependListener(event, listener);
    }

    @Override
    public Subscription prependOnceListener(String event, Listener listener) {
        return this.delegate.prependOnceListener(event, listener);
    }

    @Override
    public Subscription register(Object bean) {
        return this.delegate.register(bean);
    }

    @Override
    public boolean off(String event, Listener listener) {
        return this.delegate.off(event, listener);
    }

    @Override
    public int removeAllListeners(String event) {
        return this.delegate.removeAllListeners(event);
    }

    @Override
    public int removeAllListeners() {
        return this.delegate.removeAllListeners();
    }

    @Override
    public int listenerCount(String event) {
        return this.delegate.listenerCount(event);
    }

    @Override
    public List<ListenerInfo> listeners(String event) {
        return this.delegate.listeners(event);
    }

    @Override
    public Set<String> eventNames() {
        return this.delegate.eventNames();
    }

    @Override
    public CompletableFuture<Event> next(String event) {
        return this.delegate.next(event);
    }

    @Override
    public int getMaxListeners() {
        return this.delegate.getMaxListeners();
    }

    @Override
    public void setMaxListeners(int max) {
        this.delegate.setMaxListeners(max);
    }

}
