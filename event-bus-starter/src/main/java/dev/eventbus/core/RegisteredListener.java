package dev.eventbus.core;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.ListenerInfo;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link ListenerHandle}: the registrations of one listener definition (one per name or pattern), and
 * what an invocation of it needs from the emitter.
 */
final class RegisteredListener implements ListenerHandle {

    private final List<Registration> registrations;

    private final EventInstrumentCache instruments;

    private final ListenerRunner runner;

    RegisteredListener(List<Registration> registrations, EventInstrumentCache instruments, ListenerRunner runner) {
        this.registrations = List.copyOf(registrations);
        this.instruments = instruments;
        this.runner = runner;
    }

    @Override
    public ListenerInfo info() {
        return this.registrations.get(0).info;
    }

    @Override
    public @Nullable List<Type> argumentTypes() {
        return this.registrations.get(0).invoker.argumentTypes();
    }

    @Override
    public CompletableFuture<Void> deliver(Event event, Delivery delivery) {
        Registration registration = registrationFor(event.name());
        if (!registration.active) {
            return CompletableFuture.failedFuture(new EventBusException("Listener '" + registration.info.id()
                    + "' is no longer registered, so event " + event.id() + " ('" + event.name()
                    + "') cannot be delivered to it"));
        }
        EmittedEvent emitted = (event instanceof EmittedEvent known) ? known
                : new EmittedEvent(event.id(), event.origin(), event.name(), event.args().toArray());
        Object[] bound;
        try {
            bound = registration.invoker.bind(emitted);
        }
        catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
        AsyncOutcome outcome = new AsyncOutcome();
        TrackedInvocation invocation = TrackedInvocation.of(registration,
                registration.instrumentsFor(this.instruments.apply(emitted.name())), emitted, bound, outcome,
                this.runner);
        CompletableFuture<Void> completion = outcome.completion();
        try {
            delivery.deliver(invocation);
        }
        catch (Throwable ex) {
            invocation.withdraw();
            return CompletableFuture.failedFuture(ex);
        }
        return completion;
    }

    /** The registration under the first of its patterns that matches the name, so that its meters are that one's. */
    private Registration registrationFor(String name) {
        for (Registration registration : this.registrations) {
            if (registration.pattern.matches(name)) {
                return registration;
            }
        }
        return this.registrations.get(0);
    }

    @Override
    public String toString() {
        return "ListenerHandle[" + info().id() + "]";
    }

}
