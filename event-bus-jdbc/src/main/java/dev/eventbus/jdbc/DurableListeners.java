package dev.eventbus.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The durable listeners registered in this instance, by id: what the relay runs a publication read from the log
 * through.
 */
final class DurableListeners {

    private final Map<String, DurableListenerDelivery> byId = new ConcurrentHashMap<>();

    void add(DurableListenerDelivery delivery) {
        this.byId.put(delivery.listenerId(), delivery);
    }

    @Nullable DurableListenerDelivery get(String listenerId) {
        return this.byId.get(listenerId);
    }

}
