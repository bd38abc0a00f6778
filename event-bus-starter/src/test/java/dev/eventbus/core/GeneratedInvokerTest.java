package dev.eventbus.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code @On} methods called through the class generated for them ({@link MethodCall}): the argument check that
 * follows a failed call, the listener's own failures, methods the generated class reaches, and one class per method.
 */
class GeneratedInvokerTest {

    private final Emitter emitter = Emitter.create();

    @Test
    void argumentOfAnotherTypeFailsNamingTheListenerWithoutCallingIt() {
        Single bean = new Single();
        this.emitter.register(bean);
        this.emitter.emit("e", "fits");

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", 42));

        assertThat(thrown).isInstanceOf(ListenerArgumentException.class)
            .hasMessageContaining("Single#take")
            .hasMessageContaining("java.lang.String")
            .hasMessageContaining("java.lang.Integer");
        assertThat(bean.received).containsExactly("fits");
    }

    @Test
    void classCastExceptionOfTheListenerItselfReachesTheCallerAsItIs() {
        CastingListener bean = new CastingListener();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", "fits"));

        assertThat(thrown).isSameAs(bean.failure);
    }

    @Test
    void nullArgumentForAPrimitiveParameterFailsWithoutCallingTheMethod() {
        PrimitiveSingle bean = new PrimitiveSingle();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", (Object) null));

        assertThat(thrown).isInstanceOf(ListenerArgumentException.class).hasMessageContaining("PrimitiveSingle#take");
        assertThat(bean.received).isEmpty();
    }

    @Test
    void privateMethodOfAPackagePrivateClassIsCalled() {
        Hidden bean = new Hidden();
        this.emitter.register(bean);

        this.emitter.emit("e", "a", 1);

        assertThat(bean.received).containsExactly("a", 1);
    }

    @Test
    void returnedStageOfAGeneratedCallIsFollowed() {
        Staged bean = new Staged();
        this.emitter.register(bean);

        CompletableFuture<Void> emitted = this.emitter.emitAsync("e", "x");

        assertThat(emitted).isNotDone();
        bean.stage.complete("done");
        assertThat(emitted).isCompleted();
    }

    @Test
    void objectsOfOneClassShareTheClassGeneratedForTheirMethod() throws Exception {
        Method take = Single.class.getMethod("take", String.class);
        MethodHandle handle = MethodHandles.lookup().unreflect(take).asType(MethodType.genericMethodType(2));
        MethodCall first = MethodCall.bind(take, new Single(), () -> handle);
        MethodCall second = MethodCall.bind(take, new Single(), () -> handle);

        Object firstFunction = function(first);
        Object secondFunction = function(second);

        assertThat(firstFunction).isNotSameAs(secondFunction);
        assertThat(firstFunction.getClass()).isSameAs(secondFunction.getClass());
        assertThat(firstFunction.getClass().isHidden()).isTrue();
    }

    private static Object function(MethodCall call) throws ReflectiveOperationException {
        Field field = call.getClass().getDeclaredField("function");
        field.setAccessible(true);
        return field.get(call);
    }

    public static class Single {

        final List<String> received = new ArrayList<>();

        @On("e")
        public void take(String value) {
            this.received.add(value);
        }

    }

    public static class PrimitiveSingle {

        final List<Integer> received = new ArrayList<>();

        @On("e")
        public void take(int value) {
            this.received.add(value);
        }

    }

    public static class CastingListener {

        final ClassCastException failure = new ClassCastException("the listener's own");

        @On("e")
        public void take(String value) {
            throw this.failure;
        }

    }

    static class Hidden {

        final List<Object> received = new ArrayList<>();

        @On("e")
        private void take(String name, int count) {
            this.received.add(name);
            this.received.add(count);
        }

    }

    public static class Staged {

        final CompletableFuture<String> stage = new CompletableFuture<>();

        @On("e")
        public CompletableFuture<String> take(String value) {
            return this.stage;
        }

    }

}
