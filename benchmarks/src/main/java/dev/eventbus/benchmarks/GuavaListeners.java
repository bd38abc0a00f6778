package dev.eventbus.benchmarks;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;

/**
 * Guava {@link EventBus} subscribers of several classes, marked {@link AllowConcurrentEvents} so that Guava does not
 * serialise their calls.
 */
public final class GuavaListeners {

    private GuavaListeners() {
    }

    /**
     * Registers {@code count} subscribers, the i-th of the (i mod {@value Fixtures#LISTENER_CLASSES})-th class.
     * @param bus the bus
     * @param count how many subscribers
     * @param delivery where the subscribers put their argument
     * @return the bus
     */
    public static EventBus register(EventBus bus, int count, Delivery delivery) {
        for (int i = 0; i < count; i++) {
            bus.register(switch (i % Fixtures.LISTENER_CLASSES) {
                case 0 -> new SubscriberA(delivery);
                case 1 -> new SubscriberB(delivery);
                case 2 -> new SubscriberC(delivery);
                default -> new SubscriberD(delivery);
            });
        }
        return bus;
    }

    /**
     * Profiles Guava's dispatch path with subscribers of every class.
     * @param delivery where the subscribers put their argument
     */
    public static void warmUp(Delivery delivery) {
        EventBus bus = register(new EventBus(), Fixtures.LISTENER_CLASSES, delivery);
        OrderPlaced payload = Fixtures.payload();
        Fixtures.warmUpWithEveryListenerClass(() -> bus.post(payload));
    }

    /** A subscriber of one class. */
    public static final class SubscriberA {

        private final Delivery delivery;

        SubscriberA(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Subscribe
        @AllowConcurrentEvents
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A subscriber of another class. */
    public static final class SubscriberB {

        private final Delivery delivery;

        SubscriberB(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Subscribe
        @AllowConcurrentEvents
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A subscriber of a third class. */
    public static final class SubscriberC {

        private final Delivery delivery;

        SubscriberC(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Subscribe
        @AllowConcurrentEvents
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A subscriber of a fourth class. */
    public static final class SubscriberD {

        private final Delivery delivery;

        SubscriberD(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @Subscribe
        @AllowConcurrentEvents
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
