package dev.eventbus.actuate;

import java.util.LinkedHashSet;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import dev.eventbus.actuate.EventBusEndpoint.EventBusDescriptor;
import dev.eventbus.actuate.EventBusEndpoint.EventListenersDescriptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class EventBusEndpointTest {

    private final Emitter emitter = Emitter.create();

    private final EventBusEndpoint endpoint = new EventBusEndpoint(this.emitter);

    @Test
    void listsEveryRegistrationInRegistrationOrderWithTheEventNames() {
        this.emitter.on("order.created", (event) -> {
        });
        this.emitter.register(new Audit());
        this.emitter.prependListener("order.created", (event) -> {
        });
        EventBusDescriptor descriptor = this.endpoint.eventBus();
        assertThat(descriptor.listeners()).extracting(ListenerInfo::pattern)
            .containsExactly("order.created", "order.**", "order.created");
        assertThat(descriptor.listeners()).extracting(ListenerInfo::id).contains("Audit#onAny");
        assertThat(descriptor.eventNames()).containsExactly("order.created", "order.**");
    }

    @Test
    void listsTheListenersOfAnEventInDispatchOrder() {
        this.emitter.on("order.created", (event) -> {
        });
        this.emitter.register(new Audit());
        EventListenersDescriptor descriptor = this.endpoint.eventListeners("order.created");
        assertThat(descriptor.event()).isEqualTo("order.created");
        assertThat(descriptor.listeners()).extracting(ListenerInfo::id).first().isEqualTo("Audit#onAny");
        assertThat(descriptor.listeners()).hasSize(2);
    }

    @Test
    void invalidEventNameIsAnInvalidEndpointRequestQuotingTheValue() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.eventListeners("order.*"))
            .withMessageContaining("order.*")
            .satisfies((ex) -> assertThat(ex.getReason()).contains("order.*"));
    }

    @Test
    void patternWithNoMatchingEventNameIsAnInvalidEndpointRequestSayingHowToWriteAConcreteName() {
        this.emitter.on("invoice.*", (event) -> {
        });
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.eventListeners("invoice.**"))
            .withMessageContaining("'invoice.**' is a pattern, and patterns are not event names")
            .withMessageContaining("Try a concrete name, with a segment in place of each '*'");
    }

    @Test
    void anotherEmitterImplementationIsListedThroughItsConcreteEventNames() {
        Emitter other = mock(Emitter.class);
        ListenerInfo created = new ListenerInfo("created", "order.created", 0, false, false, "");
        ListenerInfo wildcard = new ListenerInfo("wildcard", "order.*", 0, false, false, "");
        given(other.eventNames()).willReturn(new LinkedHashSet<>(List.of("order.created", "order.*")));
        given(other.listeners("order.created")).willReturn(List.of(wildcard, created));
        EventBusDescriptor descriptor = new EventBusEndpoint(other).eventBus();
        assertThat(descriptor.listeners()).containsExactly(created);
        assertThat(descriptor.eventNames()).containsExactly("order.created", "order.*");
    }

    static class Audit {

        @On(value = "order.**", order = -1)
        public void onAny() {
        }

    }

}
