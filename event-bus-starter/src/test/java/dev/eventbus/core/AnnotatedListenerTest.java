package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.ListenerArgumentException;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link On @On} methods registered with {@link Emitter#register(Object)} outside Spring: ids, parameter binding,
 * conditions, returned stages and invalid declarations.
 */
class AnnotatedListenerTest {

    private final Emitter emitter = Emitter.create();

    @Test
    void defaultIdIsSimpleClassNameAndMethodName() {
        this.emitter.register(new Greeter());

        assertThat(this.emitter.listeners("greet")).extracting(ListenerInfo::id).containsExactly("Greeter#hello");
    }

    @Test
    void idAttributeOverridesTheDefaultId() {
        this.emitter.register(new CustomId());

        assertThat(this.emitter.listeners("greet")).extracting(ListenerInfo::id).containsExactly("greeting-audit");
    }

    @Test
    void listenerInfoReflectsTheAnnotation() {
        this.emitter.register(new FullyConfigured());

        assertThat(this.emitter.listeners("order.created")).containsExactly(
                new ListenerInfo("FullyConfigured#handle", "order.*", 5, true, true, "#a0 != null"));
    }

    @Test
    void methodListeningToSeveralNamesIsRegisteredUnderEach() {
        SeveralNames bean = new SeveralNames();
        this.emitter.register(bean);

        this.emitter.emit("user.signed-up");
        this.emitter.emit("audit.login");
        this.emitter.emit("user.deleted");

        assertThat(bean.received).containsExactly("user.signed-up", "audit.login");
        assertThat(this.emitter.eventNames()).containsExactlyInAnyOrder("user.signed-up", "audit.*");
    }

    @Test
    void onMethodsInheritedFromASuperclassAreRegistered() {
        InheritingGreeter bean = new InheritingGreeter();
        this.emitter.register(bean);

        this.emitter.emit("greet", "Ada");

        assertThat(bean.greeted).containsExactly("Ada");
    }

    @Test
    void argumentsBindPositionallyAndTheEventParameterTakesNoPosition() {
        Binder bean = new Binder();
        this.emitter.register(bean);

        this.emitter.emit("order.created", "A-1", 3);

        assertThat(bean.received).containsExactly("A-1", "order.created", 3);
    }

    @Test
    void eventParameterMayComeFirst() {
        EventFirst bean = new EventFirst();
        this.emitter.register(bean);

        this.emitter.emit("order.created", "A-1");

        assertThat(bean.received).containsExactly("order.created", "A-1");
    }

    @Test
    void eventParameterAloneReceivesTheEnvelope() {
        EventOnly bean = new EventOnly();
        this.emitter.register(bean);

        this.emitter.emit("order.created", "A-1", 2);

        assertThat(bean.received).singleElement().satisfies((event) -> {
            assertThat(event.name()).isEqualTo("order.created");
            assertThat(event.args()).containsExactly("A-1", 2);
        });
    }

    @Test
    void extraArgumentsAreIgnored() {
        OneString bean = new OneString();
        this.emitter.register(bean);

        this.emitter.emit("e", "first", 42, "third");

        assertThat(bean.received).containsExactly("first");
    }

    @Test
    void missingArgumentsBindNull() {
        TwoObjects bean = new TwoObjects();
        this.emitter.register(bean);

        this.emitter.emit("e", "only");

        assertThat(bean.received).containsExactly("only", null);
    }

    @Test
    void noArgumentMethodIsCalledWhateverTheArguments() {
        NoArgs bean = new NoArgs();
        this.emitter.register(bean);

        this.emitter.emit("e", 1, 2, 3);
        this.emitter.emit("e");

        assertThat(bean.calls).isEqualTo(2);
    }

    @Test
    void primitiveParameterAcceptsItsBoxedArgumentAndSupertypesAcceptSubtypes() {
        Primitives bean = new Primitives();
        this.emitter.register(bean);

        this.emitter.emit("e", 3, true, 42L);

        assertThat(bean.received).containsExactly(3, true, 42L);
    }

    @Test
    void missingArgumentForAPrimitiveParameterFailsWithoutCallingTheMethod() {
        Primitives bean = new Primitives();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", 3));

        assertThat(thrown).isInstanceOf(ListenerArgumentException.class)
            .isInstanceOf(EventBusException.class)
            .hasMessageContaining("Primitives#take");
        assertThat(bean.received).isEmpty();
    }

    @Test
    void nullArgumentForAPrimitiveParameterFailsWithoutCallingTheMethod() {
        Primitives bean = new Primitives();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", null, true, 1L));

        assertThat(thrown).isInstanceOf(ListenerArgumentException.class).hasMessageContaining("Primitives#take");
        assertThat(bean.received).isEmpty();
    }

    @Test
    void nonAssignableArgumentFailsNamingListenerParameterIndexExpectedAndActualType() {
        Typed bean = new Typed();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e", "a", "b", "not-a-number"));

        assertThat(thrown).isInstanceOf(ListenerArgumentException.class)
            .isInstanceOf(EventBusException.class)
            .hasMessageContaining("Typed#take")
            .hasMessageContaining("2")
            .hasMessageContaining("Long")
            .hasMessageContaining("String");
        assertThat(bean.calls).isZero();
    }

    @Test
    void bindingFailureStopsTheEmitLikeAnyOtherSyncFailure() {
        List<String> calls = new ArrayList<>();
        this.emitter.register(new Typed());
        this.emitter.on("e", (event) -> calls.add("after"));

        assertThat(catchThrowable(() -> this.emitter.emit("e", 1, 2, 3))).isInstanceOf(ListenerArgumentException.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void uncheckedExceptionFromAnAnnotatedMethodPropagatesAsTheSameInstance() {
        Throwing bean = new Throwing();
        this.emitter.register(bean);

        Throwable thrown = catchThrowable(() -> this.emitter.emit("e"));

        assertThat(thrown).isSameAs(bean.failure);
    }

    static Stream<Arguments> conditions() {
        return Stream.of(arguments(new EventCondition(), "order.created", "order.deleted"),
                arguments(new ArgsCondition(), "pay", "pay"), arguments(new A0Condition(), "pay", "pay"),
                arguments(new P0Condition(), "pay", "pay"), arguments(new NamedCondition(), "pay", "pay"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void conditionDecidesWhetherTheListenerRuns(Conditional bean, String acceptedEvent, String refusedEvent) {
        this.emitter.register(bean);

        assertThat(this.emitter.emit(refusedEvent, 1)).isTrue();
        assertThat(bean.received()).isEmpty();

        assertThat(this.emitter.emit(acceptedEvent, 10)).isTrue();
        assertThat(bean.received()).containsExactly(10);
    }

    @Test
    void conditionSeesParameterNamesAsBoundWhenAnEventParameterComesFirst() {
        EventAndAmount bean = new EventAndAmount();
        this.emitter.register(bean);

        this.emitter.emit("pay", 1);
        this.emitter.emit("refund", 10);
        this.emitter.emit("pay", 10);

        assertThat(bean.received).containsExactly(10);
    }

    @Test
    void completionStageReturnIsAwaitedByEmitAsync() {
        StageReturning bean = new StageReturning();
        this.emitter.register(bean);

        CompletableFuture<Void> done = this.emitter.emitAsync("report.build");

        assertThat(done).isNotDone();
        bean.stage.complete("ok");
        assertThat(done).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void onceAttributeFiresOnlyOnce() {
        OnceBean bean = new OnceBean();
        this.emitter.register(bean);

        this.emitter.emit("e");
        this.emitter.emit("e");

        assertThat(bean.calls).isEqualTo(1);
        assertThat(this.emitter.listenerCount("e")).isZero();
    }

    @Test
    void onceListenerWhoseConditionIsFalseStaysRegisteredUntilItRuns() {
        OnceWithCondition bean = new OnceWithCondition();
        this.emitter.register(bean);

        this.emitter.emit("e", 1);
        assertThat(this.emitter.listenerCount("e")).isEqualTo(1);
        this.emitter.emit("e", 10);
        this.emitter.emit("e", 20);

        assertThat(bean.received).containsExactly(10);
        assertThat(this.emitter.listenerCount("e")).isZero();
    }

    @Test
    void onceMethodWithSeveralNamesFiresOnceAcrossThemAll() {
        OnceOnSeveral bean = new OnceOnSeveral();
        this.emitter.register(bean);

        this.emitter.emit("a");
        this.emitter.emit("b");
        this.emitter.emit("a");

        assertThat(bean.calls).isEqualTo(1);
    }

    @Test
    void closingTheRegistrationRemovesEveryMethodOfTheBean() {
        ThreeMethods bean = new ThreeMethods();
        Subscription subscription = this.emitter.register(bean);
        this.emitter.on("one", (event) -> {
        });
        assertThat(this.emitter.listenerCount("one")).isEqualTo(2);
        assertThat(this.emitter.listenerCount("two")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("three.x")).isEqualTo(1);

        subscription.close();

        assertThat(subscription.isActive()).isFalse();
        assertThat(this.emitter.listenerCount("one")).isEqualTo(1);
        assertThat(this.emitter.listenerCount("two")).isZero();
        assertThat(this.emitter.listenerCount("three.x")).isZero();
        this.emitter.emit("one");
        this.emitter.emit("two");
        assertThat(bean.calls).isZero();
    }

    static Stream<Arguments> invalidDeclarations() {
        return Stream.of(arguments(new NoNames(), "NoNames", "noNamesMethod"),
                arguments(new MalformedPattern(), "MalformedPattern", "malformedMethod"),
                arguments(new BlankPattern(), "BlankPattern", "blankMethod"),
                arguments(new StaticMethod(), "StaticMethod", "staticMethod"),
                arguments(new BadCondition(), "BadCondition", "badConditionMethod"),
                arguments(new TwoEvents(), "TwoEvents", "twoEventsMethod"),
                arguments(new UnknownVariable(), "UnknownVariable", "unknownVariableMethod"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidDeclarations")
    void invalidDeclarationFailsRegistrationNamingClassAndMethodAndRegistersNothing(Object bean, String className,
            String methodName) {
        assertThatExceptionOfType(ListenerDefinitionException.class).isThrownBy(() -> this.emitter.register(bean))
            .withMessageContaining(className)
            .withMessageContaining(methodName);

        assertThat(this.emitter.eventNames()).isEmpty();
        assertThat(this.emitter.listenerCount("valid")).isZero();
    }

    @Test
    void conditionReadingAnUnknownVariableFailsRegistrationNamingItAndTheKnownVariables() {
        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new UnknownVariable()))
            .withMessageContaining(UnknownVariable.class.getName() + ".unknownVariableMethod(Event, Integer)")
            .withMessageContaining("reads an unknown variable #ordr;")
            .withMessageContaining("the known variables are #event, #args, #a0/#p0/#e, #a1/#p1/#order, #root, #this");
    }

    @Test
    void conditionMayReadTheRootObjectAndTheElementsOfASelection() {
        RootAndThis bean = new RootAndThis();
        this.emitter.register(bean);

        this.emitter.emit("pay", 3, 4);
        this.emitter.emit("pay", 3, 9);

        assertThat(bean.received).containsExactly(3);
    }

    public static class Greeter {

        int calls;

        @On("greet")
        public void hello() {
            this.calls++;
        }

    }

    public static class CustomId {

        @On(value = "greet", id = "greeting-audit")
        public void hello() {
        }

    }

    public static class FullyConfigured {

        @On(value = "order.*", order = 5, async = true, once = true, condition = "#a0 != null")
        public void handle(String id) {
        }

    }

    public static class SeveralNames {

        final List<String> received = new ArrayList<>();

        @On({ "user.signed-up", "audit.*" })
        public void handle(Event event) {
            this.received.add(event.name());
        }

    }

    public static class BaseGreeter {

        final List<String> greeted = new ArrayList<>();

        @On("greet")
        public void greet(String name) {
            this.greeted.add(name);
        }

    }

    public static class InheritingGreeter extends BaseGreeter {

    }

    public static class Binder {

        final List<Object> received = new ArrayList<>();

        @On("order.*")
        public void handle(String orderId, Event event, Integer quantity) {
            this.received.addAll(Arrays.asList(orderId, event.name(), quantity));
        }

    }

    public static class EventFirst {

        final List<Object> received = new ArrayList<>();

        @On("order.*")
        public void handle(Event event, String orderId) {
            this.received.addAll(Arrays.asList(event.name(), orderId));
        }

    }

    public static class EventOnly {

        final List<Event> received = new ArrayList<>();

        @On("order.*")
        public void handle(Event event) {
            this.received.add(event);
        }

    }

    public static class OneString {

        final List<Object> received = new ArrayList<>();

        @On("e")
        public void handle(String first) {
            this.received.add(first);
        }

    }

    public static class TwoObjects {

        final List<Object> received = new ArrayList<>();

        @On("e")
        public void handle(String first, Object second) {
            this.received.addAll(Arrays.asList(first, second));
        }

    }

    public static class NoArgs {

        int calls;

        @On("e")
        public void handle() {
            this.calls++;
        }

    }

    public static class Primitives {

        final List<Object> received = new ArrayList<>();

        @On("e")
        public void take(int count, boolean flag, Number amount) {
            this.received.addAll(Arrays.asList(count, flag, amount));
        }

    }

    public static class Typed {

        int calls;

        @On("e")
        public void take(String first, String second, Long amount) {
            this.calls++;
        }

    }

    public static class Throwing {

        final IllegalStateException failure = new IllegalStateException("boom");

        @On("e")
        public void handle() {
            throw this.failure;
        }

    }

    public abstract static class Conditional {

        final List<Object> received = new ArrayList<>();

        List<Object> received() {
            return this.received;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName();
        }

    }

    public static class EventCondition extends Conditional {

        @On(value = "order.*", condition = "#event.name == 'order.created'")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class ArgsCondition extends Conditional {

        @On(value = "pay", condition = "#args[0] > 5 and #args.length == 1")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class A0Condition extends Conditional {

        @On(value = "pay", condition = "#a0 > 5")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class P0Condition extends Conditional {

        @On(value = "pay", condition = "#p0 > 5")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class NamedCondition extends Conditional {

        @On(value = "pay", condition = "#amount > 5")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class EventAndAmount {

        final List<Object> received = new ArrayList<>();

        @On(value = "*", condition = "#amount > 5 and #e.name == 'pay' and #event.name == 'pay'")
        public void handle(Event e, Integer amount) {
            this.received.add(amount);
        }

    }

    public static class StageReturning {

        final CompletableFuture<Object> stage = new CompletableFuture<>();

        @On("report.build")
        public CompletionStage<Object> build() {
            return this.stage;
        }

    }

    public static class OnceBean {

        int calls;

        @On(value = "e", once = true)
        public void handle() {
            this.calls++;
        }

    }

    public static class OnceWithCondition {

        final List<Object> received = new ArrayList<>();

        @On(value = "e", once = true, condition = "#amount > 5")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class OnceOnSeveral {

        int calls;

        @On(value = { "a", "b" }, once = true)
        public void handle() {
            this.calls++;
        }

    }

    public static class ThreeMethods {

        int calls;

        @On("one")
        public void one() {
            this.calls++;
        }

        @On("two")
        public void two() {
            this.calls++;
        }

        @On("three.*")
        public void three() {
            this.calls++;
        }

    }

    public static class NoNames {

        @On("valid")
        public void valid() {
        }

        @On({})
        public void noNamesMethod() {
        }

    }

    public static class MalformedPattern {

        @On("valid")
        public void valid() {
        }

        @On("order..created")
        public void malformedMethod() {
        }

    }

    public static class BlankPattern {

        @On("valid")
        public void valid() {
        }

        @On({ "valid", " " })
        public void blankMethod() {
        }

    }

    public static class StaticMethod {

        @On("valid")
        public void valid() {
        }

        @On("valid")
        public static void staticMethod() {
        }

    }

    public static class BadCondition {

        @On("valid")
        public void valid() {
        }

        @On(value = "valid", condition = "#a0 == (")
        public void badConditionMethod(String value) {
        }

    }

    public static class UnknownVariable {

        @On("valid")
        public void valid() {
        }

        @On(value = "valid", condition = "#ordr > 5 and #order > 5")
        public void unknownVariableMethod(Event e, Integer order) {
        }

    }

    public static class RootAndThis {

        final List<Object> received = new ArrayList<>();

        @On(value = "pay", condition = "#root.name == 'pay' and #args.?[#this > 5].length == 1")
        public void handle(Integer amount) {
            this.received.add(amount);
        }

    }

    public static class TwoEvents {

        @On("valid")
        public void valid() {
        }

        @On("valid")
        public void twoEventsMethod(Event first, Event second) {
        }

    }

}
