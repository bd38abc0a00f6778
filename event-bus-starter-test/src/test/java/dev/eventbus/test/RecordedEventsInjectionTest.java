package dev.eventbus.test;

import dev.eventbus.Emitter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecordedEvents} injected the ways Spring tests inject things: a plain parameter, an {@code @Autowired}
 * parameter and an autowired test constructor all get the same recording, without competing parameter resolvers.
 */
@SpringBootTest(classes = ShopApplication.class)
@RecordEvents
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class RecordedEventsInjectionTest {

    private final RecordedEvents fromConstructor;

    private final Emitter emitter;

    RecordedEventsInjectionTest(RecordedEvents fromConstructor, Emitter emitter) {
        this.fromConstructor = fromConstructor;
        this.emitter = emitter;
    }

    @Test
    void autowiredParameterAndAutowiredConstructorGetTheRecordingOfTheTest(@Autowired RecordedEvents autowired,
            RecordedEvents plain) {
        this.emitter.emit("invoice.paid", "INV-7");

        assertThat(autowired).isSameAs(plain).isSameAs(this.fromConstructor);
        assertThat(autowired).emitted("invoice.paid").withArgs("INV-7").once();
    }

}
