package dev.eventbus.benchmarks;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Spring {@link EventListener @EventListener} beans of several classes in a real application context, reached
 * through {@link ApplicationEventPublisher#publishEvent(Object)}.
 */
public final class SpringListeners {

    private SpringListeners() {
    }

    /**
     * A context with {@code count} listener beans, the i-th of the (i mod {@value Fixtures#LISTENER_CLASSES})-th
     * class.
     * @param count how many listener beans
     * @param delivery where the listeners put their argument
     * @return the refreshed context
     */
    public static AnnotationConfigApplicationContext context(int count, Delivery delivery) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        for (int i = 0; i < count; i++) {
            switch (i % Fixtures.LISTENER_CLASSES) {
                case 0 -> context.registerBean("listener" + i, ListenerA.class, () -> new ListenerA(delivery));
                case 1 -> context.registerBean("listener" + i, ListenerB.class, () -> new ListenerB(delivery));
                case 2 -> context.registerBean("listener" + i, ListenerC.class, () -> new ListenerC(delivery));
                default -> context.registerBean("listener" + i, ListenerD.class, () -> new ListenerD(delivery));
            }
        }
        context.refresh();
        return context;
    }

    /**
     * Profiles Spring's dispatch path with listener beans of every class.
     * @param delivery where the listeners put their argument
     */
    public static void warmUp(Delivery delivery) {
        try (AnnotationConfigApplicationContext context = context(Fixtures.LISTENER_CLASSES, delivery)) {
            OrderPlaced payload = Fixtures.payload();
            Fixtures.warmUpWithEveryListenerClass(() -> context.publishEvent(payload));
        }
    }

    /** A listener bean of one class. */
    public static final class ListenerA {

        private final Delivery delivery;

        ListenerA(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @EventListener
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener bean of another class. */
    public static final class ListenerB {

        private final Delivery delivery;

        ListenerB(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @EventListener
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener bean of a third class. */
    public static final class ListenerC {

        private final Delivery delivery;

        ListenerC(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @EventListener
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A listener bean of a fourth class. */
    public static final class ListenerD {

        private final Delivery delivery;

        ListenerD(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @EventListener
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
