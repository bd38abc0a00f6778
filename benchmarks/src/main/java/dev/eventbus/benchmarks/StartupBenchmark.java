package dev.eventbus.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.benchmarks.GeneratedListeners.Kind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.ApplicationListenerMethodAdapter;

/**
 * Starting a Spring context whose beans declare {@value GeneratedListeners#METHODS} listener methods, spread over 100
 * or 1,000 classes: with {@code @EventListener} (Spring registers them), with {@code @On} and the starter's
 * auto-configuration (the starter registers them), and, for the cost of the context itself, the same beans without
 * annotations, with and without the starter. One operation is one refresh; closing happens outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StartupBenchmark {

    @Benchmark
    public AnnotationConfigApplicationContext plainBeans(PlainBeans state) {
        return state.start();
    }

    @Benchmark
    public AnnotationConfigApplicationContext springEventListener(SpringEventListener state) {
        return state.start();
    }

    @Benchmark
    public AnnotationConfigApplicationContext plainBeansWithStarter(PlainBeansWithStarter state) {
        return state.start();
    }

    @Benchmark
    public AnnotationConfigApplicationContext eventBusOn(EventBusOn state) {
        return state.start();
    }

    /** Builds and refreshes one kind of context, and closes it after each operation. */
    @State(Scope.Thread)
    public abstract static class Contexts {

        @Param({ "100", "1000" })
        int classes;

        private List<Class<?>> beanClasses;

        private AnnotationConfigApplicationContext context;

        abstract Kind kind();

        abstract boolean withStarter();

        /** Checks, on a context started at setup, how many listeners it registered. */
        abstract void check(AnnotationConfigApplicationContext context);

        @Setup
        public void setUp() {
            this.beanClasses = GeneratedListeners.of(kind(), this.classes);
            try (AnnotationConfigApplicationContext started = start()) {
                check(started);
            }
        }

        AnnotationConfigApplicationContext start() {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            if (withStarter()) {
                context.register(EventBusAutoConfiguration.class);
            }
            for (int i = 0; i < this.beanClasses.size(); i++) {
                context.registerBean("listener" + i, this.beanClasses.get(i));
            }
            context.refresh();
            this.context = context;
            return context;
        }

        @TearDown(Level.Invocation)
        public void close() {
            this.context.close();
        }

        static long springListenerMethods(AnnotationConfigApplicationContext context) {
            long count = 0;
            for (ApplicationListener<?> listener : context.getApplicationListeners()) {
                if (listener instanceof ApplicationListenerMethodAdapter) {
                    count++;
                }
            }
            return count;
        }

        static void expect(String contender, long actual, long expected) {
            if (actual != expected) {
                throw new IllegalStateException(contender + " registered " + actual + " listener methods, expected "
                        + expected);
            }
        }

    }

    @State(Scope.Thread)
    public static class PlainBeans extends Contexts {

        @Override
        Kind kind() {
            return Kind.PLAIN;
        }

        @Override
        boolean withStarter() {
            return false;
        }

        @Override
        void check(AnnotationConfigApplicationContext context) {
            expect("plain context", springListenerMethods(context), 0);
        }

    }

    @State(Scope.Thread)
    public static class SpringEventListener extends Contexts {

        @Override
        Kind kind() {
            return Kind.EVENT_LISTENER;
        }

        @Override
        boolean withStarter() {
            return false;
        }

        @Override
        void check(AnnotationConfigApplicationContext context) {
            expect("Spring", springListenerMethods(context), GeneratedListeners.METHODS);
        }

    }

    @State(Scope.Thread)
    public static class PlainBeansWithStarter extends Contexts {

        @Override
        Kind kind() {
            return Kind.PLAIN;
        }

        @Override
        boolean withStarter() {
            return true;
        }

        @Override
        void check(AnnotationConfigApplicationContext context) {
            expect("plain context with the starter", context.getBean(Emitter.class).eventNames().size(), 0);
        }

    }

    @State(Scope.Thread)
    public static class EventBusOn extends Contexts {

        @Override
        Kind kind() {
            return Kind.ON;
        }

        @Override
        boolean withStarter() {
            return true;
        }

        @Override
        void check(AnnotationConfigApplicationContext context) {
            expect("event bus", context.getBean(Emitter.class).eventNames().size(), GeneratedListeners.METHODS);
        }

    }

}
