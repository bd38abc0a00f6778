package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.eventbus.Emitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Which emitted names a listener's pattern matches: {@code *} is exactly one segment, {@code **} zero or more.
 */
class EventPatternMatrixTest {

    static Stream<Arguments> matrix() {
        return Stream.of(
                // a literal name matches only itself
                arguments("order.created", "order.created", true),
                arguments("order.created", "order", false),
                arguments("order.created", "order.created.eu", false),
                arguments("order.created", "order.createdx", false),
                arguments("order.created", "Order.created", false),
                arguments("order", "order", true),
                arguments("order", "orders", false),
                // * is exactly one segment
                arguments("order.*", "order.created", true),
                arguments("order.*", "order.x", true),
                arguments("order.*", "order", false),
                arguments("order.*", "order.created.eu", false),
                arguments("order.*", "orders.created", false),
                arguments("order.*", "other.created", false),
                arguments("order.*", "Order.created", false),
                arguments("*", "order", true),
                arguments("*", "error", true),
                arguments("*", "order.created", false),
                arguments("*.*", "order.created", true),
                arguments("*.*", "order", false),
                arguments("*.*", "order.created.eu", false),
                arguments("*.created", "order.created", true),
                arguments("*.created", "customer.created", true),
                arguments("*.created", "created", false),
                arguments("*.created", "order.x.created", false),
                arguments("*.created", "order.created.eu", false),
                arguments("*.created", "order.createdx", false),
                arguments("a.*.c", "a.b.c", true),
                arguments("a.*.c", "a.c", false),
                arguments("a.*.c", "a.b.b.c", false),
                arguments("a.*.c", "a.b.d", false),
                arguments("a.*.c", "x.b.c", false),
                // ** is zero or more segments
                arguments("order.**", "order", true),
                arguments("order.**", "order.created", true),
                arguments("order.**", "order.created.eu", true),
                arguments("order.**", "orders", false),
                arguments("order.**", "orders.created", false),
                arguments("order.**", "other.order", false),
                arguments("**", "order", true),
                arguments("**", "order.created.eu.west", true),
                arguments("**", "error", true),
                arguments("**", "newListener", true),
                arguments("a.**.c", "a.c", true),
                arguments("a.**.c", "a.b.c", true),
                arguments("a.**.c", "a.b.b.c", true),
                arguments("a.**.c", "a.b", false),
                arguments("a.**.c", "a.c.d", false),
                arguments("a.**.c", "b.c", false),
                arguments("a.**.c", "a.cc", false),
                arguments("a.**.c", "a", false),
                arguments("**.eu", "eu", true),
                arguments("**.eu", "order.eu", true),
                arguments("**.eu", "order.created.eu", true),
                arguments("**.eu", "order.eu.west", false),
                arguments("**.eu", "order.europe", false),
                arguments("**.b.**", "b", true),
                arguments("**.b.**", "a.b", true),
                arguments("**.b.**", "b.c", true),
                arguments("**.b.**", "a.b.c", true),
                arguments("**.b.**", "a.c", false),
                // mixed
                arguments("*.**", "order", true),
                arguments("*.**", "order.created.eu", true),
                arguments("a.*.c.**", "a.b.c", true),
                arguments("a.*.c.**", "a.b.c.d.e", true),
                arguments("a.*.c.**", "a.c", false),
                arguments("a.*.c.**", "a.b.d", false),
                arguments("**.*.created", "order.created", true),
                arguments("**.*.created", "shop.order.created", true),
                arguments("**.*.created", "created", false),
                arguments("order.*.**", "order", false),
                arguments("order.*.**", "order.created", true),
                arguments("order.*.**", "order.created.eu", true),
                arguments("*.created.**", "order.created", true),
                arguments("*.created.**", "order.created.eu.west", true),
                arguments("*.created.**", "order.deleted.eu", false));
    }

    @ParameterizedTest(name = "pattern {0} matches {1}: {2}")
    @MethodSource("matrix")
    void patternMatchesExactlyTheNamesItShould(String pattern, String name, boolean matches) {
        Emitter emitter = Emitter.create();
        List<String> received = new ArrayList<>();
        emitter.on(pattern, (event) -> received.add(event.name()));

        assertThat(emitter.listenerCount(name)).isEqualTo(matches ? 1 : 0);
        assertThat(emitter.emit(name)).isEqualTo(matches);
        assertThat(received).isEqualTo(matches ? List.of(name) : List.of());
    }

}
