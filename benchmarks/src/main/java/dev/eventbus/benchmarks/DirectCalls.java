package dev.eventbus.benchmarks;

/**
 * The floor: a loop of plain interface calls to handlers of several classes, what a hand-wired observer costs.
 */
public final class DirectCalls {

    private final Handler[] handlers;

    private DirectCalls(Handler[] handlers) {
        this.handlers = handlers;
    }

    /**
     * Creates a loop over {@code count} handlers, the i-th of the (i mod {@value Fixtures#LISTENER_CLASSES})-th class.
     * @param count how many handlers
     * @param delivery where the handlers put their argument
     * @return the loop
     */
    public static DirectCalls create(int count, Delivery delivery) {
        Handler[] handlers = new Handler[count];
        for (int i = 0; i < count; i++) {
            handlers[i] = switch (i % Fixtures.LISTENER_CLASSES) {
                case 0 -> new HandlerA(delivery);
                case 1 -> new HandlerB(delivery);
                case 2 -> new HandlerC(delivery);
                default -> new HandlerD(delivery);
            };
        }
        return new DirectCalls(handlers);
    }

    /**
     * Profiles the loop's call site with handlers of every class.
     * @param delivery where the handlers put their argument
     */
    public static void warmUp(Delivery delivery) {
        DirectCalls calls = create(Fixtures.LISTENER_CLASSES, delivery);
        OrderPlaced payload = Fixtures.payload();
        Fixtures.warmUpWithEveryListenerClass(() -> calls.dispatch(payload));
    }

    /**
     * Calls every handler in turn.
     * @param event the argument
     */
    public void dispatch(OrderPlaced event) {
        for (Handler handler : this.handlers) {
            handler.handle(event);
        }
    }

    /** What a hand-wired observer implements. */
    public interface Handler {

        /**
         * Handles the event.
         * @param event the argument
         */
        void handle(OrderPlaced event);

    }

    /** A handler of one class. */
    public static final class HandlerA implements Handler {

        private final Delivery delivery;

        HandlerA(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A handler of another class. */
    public static final class HandlerB implements Handler {

        private final Delivery delivery;

        HandlerB(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A handler of a third class. */
    public static final class HandlerC implements Handler {

        private final Delivery delivery;

        HandlerC(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** A handler of a fourth class. */
    public static final class HandlerD implements Handler {

        private final Delivery delivery;

        HandlerD(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
