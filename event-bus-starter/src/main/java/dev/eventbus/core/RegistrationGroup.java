package dev.eventbus.core;

import java.util.List;

import dev.eventbus.Subscription;

/**
 * The subscription of the registrations made by one call ({@code on}, {@code register}, ...): closing it removes them all.
 */
final class RegistrationGroup implements Subscription {

    private final ListenerRegistry registry;

    private volatile List<Registration> registrations = List.of();

    RegistrationGroup(ListenerRegistry registry) {
        this.registry = registry;
    }

    void setRegistrations(List<Registration> registrations) {
        this.registrations = List.copyOf(registrations);
    }

    List<Registration> registrations() {
        return this.registrations;
    }

    @Override
    public boolean isActive() {
        for (Registration registration : this.registrations) {
            if (registration.active) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        this.registry.remove(this.registrations);
    }

    @Override
    public String toString() {
        return "Subscription" + this.registrations;
    }
}
