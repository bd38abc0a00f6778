package dev.eventbus.test;

import dev.eventbus.Emitter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test class without {@link RecordEvents @RecordEvents}: the recorder is in its context but records nothing.
 */
@SpringBootTest(classes = ShopApplication.class)
class NotRecordingTest {

    @Autowired
    private RecordedEvents events;

    @Autowired
    private Emitter emitter;

    @Test
    void recorderIsInstalledButDoesNotRecord() {
        this.emitter.emit("invoice.paid", "INV-7");

        assertThat(this.events.isRecording()).isFalse();
        assertThat(this.events.all()).isEmpty();
    }

}
