package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import dev.eventbus.Listener;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Invalid names and patterns are rejected at every entry point with a message that quotes the value.
 */
class BadInputTest {

    private static final Listener NOOP = (event) -> {
    };

    private static final List<@Nullable String> MALFORMED = Arrays.asList(null, "", " ", "   ", "\t", "a..b",
            ".a", "a.", ".", "order..created", "order.created.");

    static Stream<Arguments> operations() {
        List<Arguments> operations = new ArrayList<>();
        operations.add(arguments("emit", (BiConsumer<Emitter, String>) (emitter, name) -> emitter.emit(name, 1)));
        operations.add(arguments("emitAsync", (BiConsumer<Emitter, String>) Emitter::emitAsync));
        operations.add(arguments("on", (BiConsumer<Emitter, String>) (emitter, name) -> emitter.on(name, NOOP)));
        operations.add(arguments("once", (BiConsumer<Emitter, String>) (emitter, name) -> emitter.once(name, NOOP)));
        operations.add(arguments("prependListener",
                (BiConsumer<Emitter, String>) (emitter, name) -> emitter.prependListener(name, NOOP)));
        operations.add(arguments("prependOnceListener",
                (BiConsumer<Emitter, String>) (emitter, name) -> emitter.prependOnceListener(name, NOOP)));
        operations.add(arguments("off", (BiConsumer<Emitter, String>) (emitter, name) -> emitter.off(name, NOOP)));
        operations.add(arguments("removeAllListeners", (BiConsumer<Emitter, String>) Emitter::removeAllListeners));
        operations.add(arguments("listeners", (BiConsumer<Emitter, String>) Emitter::listeners));
        operations.add(arguments("listenerCount", (BiConsumer<Emitter, String>) Emitter::listenerCount));
        operations.add(arguments("next", (BiConsumer<Emitter, String>) Emitter::next));
        operations.add(arguments("many", (BiConsumer<Emitter, String>) (emitter, name) -> emitter.many(name, 2, NOOP)));
        operations.add(arguments("listenerCount(name, listener)",
                (BiConsumer<Emitter, String>) (emitter, name) -> emitter.listenerCount(name, NOOP)));
        operations.add(arguments("rawListeners", (BiConsumer<Emitter, String>) Emitter::rawListeners));
        operations.add(arguments("next(name, filter, timeout)", (BiConsumer<Emitter, String>) (emitter, name) -> emitter
            .next(name, (event) -> true, Duration.ofSeconds(1))));
        operations.add(arguments("stream", (BiConsumer<Emitter, String>) Emitter::stream));
        return operations.stream();
    }

    static Stream<Arguments> malformedNamesForEveryOperation() {
        return operations().flatMap((operation) -> MALFORMED.stream()
            .map((name) -> arguments(operation.get()[0], operation.get()[1], name)));
    }

    @ParameterizedTest(name = "{0}({2})")
    @MethodSource("malformedNamesForEveryOperation")
    void malformedNameIsRejectedQuotingTheValue(String operation, BiConsumer<Emitter, String> call,
            @Nullable String name) {
        Emitter emitter = Emitter.create();

        assertThatIllegalArgumentException().isThrownBy(() -> call.accept(emitter, name))
            .satisfies((ex) -> assertQuotes(ex.getMessage(), name));
        assertThat(emitter.eventNames()).isEmpty();
    }

    static Stream<Arguments> emittingOperations() {
        return Stream.of("order.*", "*", "**", "order.**", "a.*.c", "order.cre*ted")
            .flatMap((name) -> Stream.of(
                    arguments("emit", (BiConsumer<Emitter, String>) (emitter, value) -> emitter.emit(value), name),
                    arguments("emitAsync", (BiConsumer<Emitter, String>) Emitter::emitAsync, name)));
    }

    @ParameterizedTest(name = "{0}({2})")
    @MethodSource("emittingOperations")
    void emittedNameContainingAWildcardIsRejectedQuotingTheValue(String operation, BiConsumer<Emitter, String> call,
            String name) {
        Emitter emitter = Emitter.create();
        List<String> received = new ArrayList<>();
        emitter.on("**", (event) -> received.add(event.name()));

        assertThatIllegalArgumentException().isThrownBy(() -> call.accept(emitter, name))
            .satisfies((ex) -> assertQuotes(ex.getMessage(), name));
        assertThat(received).isEmpty();
    }

    static Stream<Arguments> concreteNameOperations() {
        return Stream.of("order.*", "**")
            .flatMap((name) -> Stream.of(
                    arguments("listeners", (BiConsumer<Emitter, String>) Emitter::listeners, name),
                    arguments("listenerCount", (BiConsumer<Emitter, String>) Emitter::listenerCount, name)));
    }

    @ParameterizedTest(name = "{0}({2})")
    @MethodSource("concreteNameOperations")
    void listenerIntrospectionOfAPatternIsRejectedBecauseItTakesAConcreteName(String operation,
            BiConsumer<Emitter, String> call, String name) {
        Emitter emitter = Emitter.create();
        emitter.on("order.*", NOOP);

        assertThatIllegalArgumentException().isThrownBy(() -> call.accept(emitter, name))
            .satisfies((ex) -> assertQuotes(ex.getMessage(), name));
    }

    @Test
    void nullListenerIsRejectedAndNothingIsRegistered() {
        Emitter emitter = Emitter.create();

        assertRejected(() -> emitter.on("e", nullListener()));
        assertRejected(() -> emitter.once("e", nullListener()));
        assertRejected(() -> emitter.prependListener("e", nullListener()));
        assertRejected(() -> emitter.prependOnceListener("e", nullListener()));
        assertRejected(() -> emitter.register(nullBean()));

        assertThat(emitter.listenerCount("e")).isZero();
        assertThat(emitter.eventNames()).isEmpty();
    }

    @Test
    void validNamesAndPatternsAreAccepted() {
        Emitter emitter = Emitter.create();

        emitter.on("order", NOOP);
        emitter.on("order.created", NOOP);
        emitter.on("order.created.eu-west_1", NOOP);
        emitter.on("Order.Created", NOOP);
        emitter.on("*", NOOP);
        emitter.on("**", NOOP);
        emitter.on("order.*.eu", NOOP);
        emitter.on("order.**", NOOP);

        assertThat(emitter.eventNames()).hasSize(8);
        assertThat(emitter.emit("order.created.eu-west_1")).isTrue();
    }

    private static void assertRejected(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
    }

    private static Listener nullListener() {
        return null;
    }

    private static Object nullBean() {
        return null;
    }

    private static void assertQuotes(@Nullable String message, @Nullable String value) {
        assertThat(message).as("exception message").isNotNull();
        if (value == null) {
            assertThat(message).contains("null");
        }
        else {
            assertThat(message).containsAnyOf("'" + value + "'", "\"" + value + "\"");
        }
    }

}
