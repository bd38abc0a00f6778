package dev.eventbus.core;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What scanning {@code @On} methods leaves for later, to keep startup cheap, and what it still checks at once: a
 * method handle is made at the first call that needs one, yet a method that cannot be invoked still fails its
 * registration; a class searched once is scanned from what was found.
 */
class ListenerScanCostTest {

    private final AnnotatedListenerScanner scanner = new AnnotatedListenerScanner();

    @Test
    void noMethodHandleIsMadeAtRegistrationNorForAMethodCalledThroughItsGeneratedClass() throws Exception {
        Emitter emitter = Emitter.create();
        OneParameter bean = new OneParameter();
        List<ListenerDefinition> definitions = this.scanner.scanObject(bean);
        ((DefinitionRegistrar) emitter).register(definitions);
        MethodInvoker invoker = (MethodInvoker) definitions.get(0).invoker();

        assertThat(handleOf(invoker)).isNull();

        emitter.emit("e", "x");

        assertThat(bean.received).containsExactly("x");
        assertThat(handleOf(invoker)).as("the generated class calls it").isNull();
    }

    @Test
    void methodHandleIsMadeAtTheFirstCallOfAMethodPastTheGeneratedArity() throws Exception {
        Emitter emitter = Emitter.create();
        FourParameters bean = new FourParameters();
        List<ListenerDefinition> definitions = this.scanner.scanObject(bean);
        ((DefinitionRegistrar) emitter).register(definitions);
        MethodInvoker invoker = (MethodInvoker) definitions.get(0).invoker();

        assertThat(handleOf(invoker)).isNull();

        emitter.emit("e", "a", 1, 2L, true);

        assertThat(bean.received).containsExactly("a", 1, 2L, true);
        assertThat(handleOf(invoker)).isNotNull();
    }

    @Test
    void methodThatCannotBeInvokedFailsRegistrationNamingTheDeclaredMethod() throws Exception {
        // java.lang is not open to this module: the method can be neither made accessible nor looked up from here
        Method unreachable = String.class.getDeclaredMethod("isLatin1");

        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.scanner.scan(OneParameter.class, "bean", OneParameter::new,
                    (method) -> unreachable))
            .withMessageContaining("Invalid @On method " + OneParameter.class.getName() + ".take(String)")
            .withMessageContaining("cannot be invoked");
    }

    @Test
    void classSearchedOnceIsScannedFromWhatWasFound() {
        ListenerMethods found = this.scanner.find(TwoMethods.class);

        List<ListenerDefinition> fromFound = this.scanner.scan(found, "bean", TwoMethods::new, (method) -> method,
                null);
        List<ListenerDefinition> fromClass = this.scanner.scan(TwoMethods.class, "bean", TwoMethods::new,
                (method) -> method, null);

        assertThat(found.type()).isSameAs(TwoMethods.class);
        assertThat(found.methods()).extracting(Method::getName).containsExactly("first", "second");
        assertThat(fromFound).extracting(ListenerDefinition::id).containsExactly("bean#first", "bean#second");
        assertThat(fromFound).extracting(ListenerDefinition::patterns)
            .containsExactlyElementsOf(fromClass.stream().map(ListenerDefinition::patterns).toList());
        assertThat(fromFound).extracting(ListenerDefinition::order).containsExactly(3, 0);
    }

    @Test
    void classWithoutListenersIsFoundEmptyAndScansToNothing() {
        ListenerMethods found = this.scanner.find(String.class);

        assertThat(found.isEmpty()).isTrue();
        assertThat(this.scanner.scan(found, "bean", () -> "", (method) -> method, null)).isEmpty();
    }

    private static Object handleOf(MethodInvoker invoker) throws ReflectiveOperationException {
        Field field = MethodInvoker.class.getDeclaredField("handle");
        field.setAccessible(true);
        return field.get(invoker);
    }

    public static class OneParameter {

        final List<String> received = new ArrayList<>();

        @On("e")
        public void take(String value) {
            this.received.add(value);
        }

    }

    public static class FourParameters {

        final List<Object> received = new ArrayList<>();

        @On("e")
        public void take(String name, int count, long size, boolean flag) {
            this.received.add(name);
            this.received.add(count);
            this.received.add(size);
            this.received.add(flag);
        }

    }

    public static class TwoMethods {

        @On("two")
        public void second() {
        }

        @On(value = { "one", "one.*" }, order = 3)
        public void first() {
        }

    }

}
