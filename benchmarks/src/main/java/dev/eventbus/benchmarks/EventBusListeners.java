package dev.eventbus.benchmarks;

import dev.eventbus.Emitter;
import dev.eventbus.Listener;
import dev.eventbus.On;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Our contender's listeners: {@link On @On} beans of several classes, lambdas of several classes, and how they are
 * registered with a standalone {@link Emitter} or through a Spring context with the starter.
 */
public final class EventBusListeners {

    private EventBusListeners() {
    }

    /**
     * Registers {@code count} {@code @On} beans with an emitter, the i-th of the (i mod
     * {@value Fixtures#LISTENER_CLASSES})-th class.
     * @param emitter the emitter
     * @param count how many beans
     * @param delivery where the listeners put their argument
     * @return the emitter
     */
    public static Emitter registerOnBeans(Emitter emitter, int count, Delivery delivery) {
        for (int i = 0; i < count; i++) {
            emitter.register(onBean(i, delivery));
        }
        return emitter;
    }

    /**
     * Adds {@code count} lambdas with {@link Emitter#on}, the i-th of the (i mod
     * {@value Fixtures#LISTENER_CLASSES})-th lambda class.
     * @param emitter the emitter
     * @param pattern the name or pattern to listen to
     * @param count how many lambdas
     * @param delivery where the listeners put their argument
     * @return the emitter
     */
    public static Emitter addLambdas(Emitter emitter, String pattern, int count, Delivery delivery) {
        for (int i = 0; i < count; i++) {
            emitter.on(pattern, lambda(i, delivery));
        }
        return emitter;
    }

    /**
     * A standalone emitter whose dispatch path has seen {@code @On} beans and lambdas of every class, as in an
     * application that uses both.
     * @param builder the emitter's configuration
     * @param delivery where the listeners put their argument
     */
    public static void warmUp(Emitter.Builder builder, Delivery delivery) {
        Emitter emitter = builder.build();
        registerOnBeans(emitter, Fixtures.LISTENER_CLASSES, delivery);
        addLambdas(emitter, OrderPlaced.NAME, Fixtures.LISTENER_CLASSES, delivery);
        OrderPlaced payload = Fixtures.payload();
        Fixtures.warmUpWithEveryListenerClass(() -> emitter.emit(OrderPlaced.NAME, payload));
    }

    /**
     * A Spring context with the starter's auto-configuration and {@code count} {@code @On} beans, which the starter
     * registers with its {@link Emitter} as it would in an application.
     * @param count how many listener beans
     * @param delivery where the listeners put their argument
     * @return the refreshed context
     */
    public static AnnotationConfigApplicationContext starterContext(int count, Delivery delivery) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(EventBusAutoConfiguration.class);
        for (int i = 0; i < count; i++) {
            Object bean = onBean(i, delivery);
            registerBean(context, "listener" + i, bean);
        }
        context.refresh();
        return context;
    }

    @SuppressWarnings("unchecked")
    private static <T> void registerBean(AnnotationConfigApplicationContext context, String name, T bean) {
        context.registerBean(name, (Class<T>) bean.getClass(), () -> bean);
    }

    private static Object onBean(int index, Delivery delivery) {
        return switch (index % Fixtures.LISTENER_CLASSES) {
            case 0 -> new OnListenerA(delivery);
            case 1 -> new OnListenerB(delivery);
            case 2 -> new OnListenerC(delivery);
            default -> new OnListenerD(delivery);
        };
    }

    private static Listener lambda(int index, Delivery delivery) {
        return switch (index % Fixtures.LISTENER_CLASSES) {
            case 0 -> (event) -> delivery.accept(event.arg(0, OrderPlaced.class));
            case 1 -> (event) -> delivery.accept(event.arg(0, OrderPlaced.class));
            case 2 -> (event) -> delivery.accept(event.arg(0, OrderPlaced.class));
            default -> (event) -> delivery.accept(event.arg(0, OrderPlaced.class));
        };
    }

    /** An {@code @On} bean of one class. */
    public static final class OnListenerA {

        private final Delivery delivery;

        OnListenerA(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** An {@code @On} bean of another class. */
    public static final class OnListenerB {

        private final Delivery delivery;

        OnListenerB(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** An {@code @On} bean of a third class. */
    public static final class OnListenerC {

        private final Delivery delivery;

        OnListenerC(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

    /** An {@code @On} bean of a fourth class. */
    public static final class OnListenerD {

        private final Delivery delivery;

        OnListenerD(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * Handles the event.
         * @param event the argument
         */
        @On(OrderPlaced.NAME)
        public void handle(OrderPlaced event) {
            this.delivery.accept(event);
        }

    }

}
