package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An emit made from inside a listener, whose publication cannot be written, fails that inner emit only: the
 * publications of the emit around it are written and delivered.
 */
class NestedEmitTest {

    private final ConfigurableApplicationContext context = Applications.start(Applications.newH2(),
            new Class<?>[] { App.class }, "eventbus.instance-id=nested-1");

    private final PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void aFailedNestedWriteLeavesThePublicationsOfTheEmitAroundIt() {
        Listeners listeners = this.context.getBean(Listeners.class);

        this.context.getBean(Emitter.class).emit("order.placed", new Order("o-1", 10));

        assertThat(listeners.caught).singleElement()
            .isInstanceOf(PublicationWriteException.class)
            .asString()
            .contains("audit.written");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(listeners.invoiced).containsExactly(new Order("o-1", 10));
        assertThat(listeners.archived).isEmpty();
        assertThat(this.rows.count()).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {

    }

    static class Listeners {

        final List<Order> invoiced = new CopyOnWriteArrayList<>();

        final List<Note> archived = new CopyOnWriteArrayList<>();

        final List<Throwable> caught = new CopyOnWriteArrayList<>();

        private final Emitter emitter;

        Listeners(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "order.placed", id = "invoice", durable = true, order = 1)
        void invoice(Order order) {
            this.invoiced.add(order);
        }

        @On(value = "order.placed", order = 2)
        void audit(Order order) {
            try {
                this.emitter.emit("audit.written", new Note("boom"));
            }
            catch (RuntimeException ex) {
                this.caught.add(ex);
            }
        }

        @On(value = "audit.written", id = "archive", durable = true)
        void archive(Note note) {
            this.archived.add(note);
        }

    }

    /** Read back from JSON like any bean, but one whose text is "boom" cannot be written. */
    public static class Note {

        private String text;

        public Note() {
        }

        Note(String text) {
            this.text = text;
        }

        public String getText() {
            if ("boom".equals(this.text)) {
                throw new IllegalStateException("this note cannot be written");
            }
            return this.text;
        }

        public void setText(String text) {
            this.text = text;
        }

    }

}
