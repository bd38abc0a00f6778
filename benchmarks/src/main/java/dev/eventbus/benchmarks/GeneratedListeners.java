package dev.eventbus.benchmarks;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventbus.On;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.StubMethod;

import org.springframework.context.event.EventListener;

/**
 * Generates, once per JVM and only when a contender asks for them, the listener classes of the startup scenario: the
 * same classes and methods three times, once with {@link On @On}, once with {@link EventListener @EventListener}
 * and once without annotations, so that
 * each contender's context holds the same number of beans and methods and differs only in how they listen.
 * <p>
 * Method {@code onJ(EventJ)} of class {@code I} listens to {@code startup.cI.mJ} (our bus) or to {@code EventJ}
 * (Spring); generating the classes keeps a thousand near-identical listeners out of the source tree while giving
 * both contenders distinct classes, as an application has.
 */
public final class GeneratedListeners {

    /** Listener methods in every startup context. */
    public static final int METHODS = 1000;

    private static final Class<?>[] EVENT_TYPES = { Event0.class, Event1.class, Event2.class, Event3.class,
            Event4.class, Event5.class, Event6.class, Event7.class, Event8.class, Event9.class };

    private static final Map<Integer, Map<Kind, List<Class<?>>>> generated = new HashMap<>();

    private GeneratedListeners() {
    }

    /**
     * The listener classes of one kind, generated at the first call for a class count and reused afterwards.
     * @param kind how the methods listen
     * @param classes how many classes the {@value #METHODS} methods are spread over; divides {@value #METHODS}
     * @return the classes, each with a public no-argument constructor
     */
    public static synchronized List<Class<?>> of(Kind kind, int classes) {
        if (classes <= 0 || METHODS % classes != 0) {
            throw new IllegalArgumentException("Cannot spread " + METHODS + " methods evenly over " + classes
                    + " classes");
        }
        // a fork runs one contender: generating the other kinds' classes would only slow its setup down
        return generated.computeIfAbsent(classes, (count) -> new EnumMap<>(Kind.class))
            .computeIfAbsent(kind, (ofKind) -> generate(ofKind, classes));
    }

    private static List<Class<?>> generate(Kind kind, int classes) {
        List<Class<?>> generatedClasses = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            generatedClasses.add(generate(kind, classes, i));
        }
        return Collections.unmodifiableList(generatedClasses);
    }

    private static Class<?> generate(Kind kind, int classes, int index) {
        int methods = METHODS / classes;
        DynamicType.Builder<Object> builder = new ByteBuddy().subclass(Object.class)
            .name(GeneratedListeners.class.getPackageName() + ".Generated" + kind.prefix + "Listener" + classes + "x"
                    + methods + "n" + index)
            .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL);
        for (int j = 0; j < methods; j++) {
            Class<?> eventType = EVENT_TYPES[j % EVENT_TYPES.length];
            String eventName = "startup.c" + index + ".m" + j;
            builder = builder.defineMethod("on" + j, void.class, Visibility.PUBLIC)
                .withParameters(eventType)
                .intercept(StubMethod.INSTANCE)
                .annotateMethod(kind.annotations(eventName));
        }
        try (DynamicType.Unloaded<Object> unloaded = builder.make()) {
            return unloaded.load(GeneratedListeners.class.getClassLoader(),
                    ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup())).getLoaded();
        }
    }

    /** How a generated class's methods listen. */
    public enum Kind {

        /** {@code @On("startup.cI.mJ")}. */
        ON("On"),

        /** {@code @EventListener}, for the type of the method's parameter. */
        EVENT_LISTENER("EventListener"),

        /** Not at all: the same beans and methods, for the cost of the context itself. */
        PLAIN("Plain");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        List<AnnotationDescription> annotations(String eventName) {
            return switch (this) {
                case ON -> List.of(AnnotationDescription.Builder.ofType(On.class)
                    .defineArray("value", eventName)
                    .build());
                case EVENT_LISTENER -> List.of(AnnotationDescription.Builder.ofType(EventListener.class).build());
                case PLAIN -> List.of();
            };
        }

    }

    /** An event type of the generated Spring listeners. */
    public static final class Event0 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event1 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event2 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event3 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event4 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event5 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event6 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event7 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event8 {
    }

    /** An event type of the generated Spring listeners. */
    public static final class Event9 {
    }

}
