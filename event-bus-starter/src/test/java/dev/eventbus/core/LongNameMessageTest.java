package dev.eventbus.core;

import dev.eventbus.Emitter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A malformed name built from a huge value (a 1 MB form field) makes an error message of bounded size that still
 * says what is wrong and how long the value was.
 */
class LongNameMessageTest {

    private final Emitter emitter = Emitter.create();

    @Test
    void aHugeMalformedNameIsQuotedByItsStartAndLength() {
        String huge = "order." + "x".repeat(1_000_000) + "..";

        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.emit(huge))
            .satisfies((ex) -> assertThat(ex.getMessage().length()).isLessThan(400))
            .withMessageStartingWith("Invalid event name 'order.xxxx")
            .withMessageContaining("... (1000008 characters)")
            .withMessageContaining("segments separated by '.' must not be empty or blank");
    }

    @Test
    void aHugeMixedSegmentIsQuotedByItsStartAndLengthToo() {
        String segment = "a*" + "b".repeat(500_000);

        assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.on("order." + segment, (event) -> {
        }))
            .satisfies((ex) -> assertThat(ex.getMessage().length()).isLessThan(700))
            .withMessageContaining("(500002 characters)")
            .withMessageContaining("mixes '*' with other characters");
    }

}
