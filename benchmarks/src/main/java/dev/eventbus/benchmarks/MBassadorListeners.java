package dev.eventbus.benchmarks;

import java.util.ArrayList;
import java.util.List;

import net.engio.mbassy.bus.MBassador;
import net.engio.mbassy.bus.error.IPublicationErrorHandler;
import net.engio.mbassy.listener.Handler;
import net.engio.mbassy.listener.Listener;
import net.engio.mbassy.listener.References;

/**
 * {@link MBassador} listeners of several classes, held by strong references (MBassador's default is weak, which
 * would let the garbage collector unsubscribe them in the middle of a run).
 */
public final class MBassadorListeners {

    private MBassadorListeners() {
    }

    /**
     * A bus whose publication errors fail loudly instead of being printed.
     * @return a new bus
     */
    public static MBassador<Object> newBus() {
        IPublicationErrorHandler failLoudly = (error) -> {
            throw new IllegalStateException("MBassador publication failed: " + error, error.getCause());
        };
        return new MBassador<>(failLoudly);
    }

    /**
     * Subscribes {@code count} listeners, the i-th of the (i mod {@value Fixtures#LISTENER_CLASSES})-th class.
     * @param bus the bus
     * @param count how many listeners
     * @param delivery where the listeners put their argument
     * @return the listeners, which the caller keeps reachable for as long as the bus is used
     */
    public static List<Object> subscribe(MBassador<Object> bus, int count, Delivery delivery) {
        List<Object> listeners = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object listener = switch (i % Fixtures.LISTENER_CLASSES) {
                case 0 -> new ListenerOfA(delivery);
                case 1 -> new ListenerOfB(delivery);
                case 2 -> new ListenerOfC(delivery);
                default -> new ListenerOfD(delivery);
            };
            bus.subscribe(listener);
            listeners.add(listener);
        }
        return listeners;
    }

    /**
     * Profiles MBassador's dispatch path with listeners of every class.
     * @param delivery where the listeners put their argument
     */
    public static void warmUp(Delivery delivery) {
        MBassador<Object> bus = newBus();
        try {
            List<Object> listeners = subscribe(bus, Fixtures.LISTENER_CLASSES, delivery);
            OrderPlaced payload = Fixtures.payload();
            Fixtures.warmUpWithEveryListenerClass(() -> bus.post(payload).now());
            delivery.expect("MBassador", listeners.size(), () -> bus.post(payload).now());
        }
        finally {
            bus.shutdown();
        }
    }

    /** A listener of one class. */
    @Listener(references = References.Strong)
    public static final class ListenerOfA {

        private final Delivery delivery;

        ListenerOfA(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Handler
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener of another class. */
    @Listener(references = References.Strong)
    public static final class ListenerOfB {

        private final Delivery delivery;

        ListenerOfB(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Handler
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener of a third class. */
    @Listener(references = References.Strong)
    public static final class ListenerOfC {

        private final Delivery delivery;

        ListenerOfC(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Handler
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener of a fourth class. */
    @Listener(references = References.Strong)
    public static final class ListenerOfD {

        private final Delivery delivery;

        ListenerOfD(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Handler
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
