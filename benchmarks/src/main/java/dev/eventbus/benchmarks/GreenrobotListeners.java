package dev.eventbus.benchmarks;

import org.greenrobot.eventbus.EventBus;
import org.greenrobot.eventbus.Subscribe;
import org.greenrobot.eventbus.ThreadMode;

/**
 * greenrobot {@link EventBus} subscribers of several classes, in {@link ThreadMode#POSTING} mode (called on the
 * posting thread).
 */
public final class GreenrobotListeners {

    private GreenrobotListeners() {
    }

    /**
     * A bus as a user who cares about speed configures it: no log line and no {@code NoSubscriberEvent} for an
     * event nobody subscribes to (our emitter does neither), every other setting left at its default.
     * @return a new bus
     */
    public static EventBus newBus() {
        return EventBus.builder().logNoSubscriberMessages(false).sendNoSubscriberEvent(false).build();
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
     * Profiles greenrobot's dispatch path with subscribers of every class.
     * @param delivery where the subscribers put their argument
     */
    public static void warmUp(Delivery delivery) {
        EventBus bus = register(newBus(), Fixtures.LISTENER_CLASSES, delivery);
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
        @Subscribe(threadMode = ThreadMode.POSTING)
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
        @Subscribe(threadMode = ThreadMode.POSTING)
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
        @Subscribe(threadMode = ThreadMode.POSTING)
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
        @Subscribe(threadMode = ThreadMode.POSTING)
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
