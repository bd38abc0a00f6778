package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;

import dev.eventbus.Emitter;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.UnhandledErrorException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Where Node's {@code EventEmitter} and the emitter used to part ways: the order in which
 * {@code removeAllListeners} removes and announces, and an unhandled {@code "error"} whose argument cannot describe
 * itself.
 */
class EmitterNodeParityTest {

    private static final Listener NOOP = (event) -> {
    };

    private final DefaultEmitter emitter = (DefaultEmitter) Emitter.builder().maxListeners(0).build();

    @Test
    void removeAllListenersOfANameRemovesAndAnnouncesOneAtATimeNewestFirst() {
        on("job", "first");
        on("job", "second");
        on("job", "third");
        List<String> seen = new ArrayList<>();
        this.emitter.on("removeListener",
                (event) -> seen.add(idOf(event.arg(1)) + " leaves " + this.emitter.listenerCount("job")));

        assertThat(this.emitter.removeAllListeners("job")).isEqualTo(3);

        // Node: for (i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i])
        assertThat(seen).containsExactly("third leaves 2", "second leaves 1", "first leaves 0");
    }

    @Test
    void removeAllListenersOfANameRemovesPrependedListenersLastAsTheyComeFirst() {
        this.emitter.prependListener("job", new Prepended());
        on("job", "appended");
        List<String> seen = new ArrayList<>();
        this.emitter.on("removeListener", (event) -> seen.add(idOf(event.arg(1))));

        this.emitter.removeAllListeners("job");

        assertThat(seen).containsExactly("appended", "Prepended");
    }

    @Test
    void removeAllListenersRemovesTheRemoveListenerListenersLastNewestFirstSoThatOlderOnesHearNewerOnes() {
        on("a", "a");
        List<String> heardByOld = new ArrayList<>();
        List<String> heardByNew = new ArrayList<>();
        on("removeListener", "old", (event) -> heardByOld.add(idOf(event.arg(1))));
        on("b", "b");
        on("removeListener", "new", (event) -> heardByNew.add(idOf(event.arg(1))));

        assertThat(this.emitter.removeAllListeners()).isEqualTo(4);

        // names in first-registration order (a, removeListener, b), the removeListener listeners last, newest first
        assertThat(heardByNew).containsExactly("a", "b");
        assertThat(heardByOld).containsExactly("a", "b", "new");
        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void removeAllListenersAnnouncesEachNameAsItsListenersGo() {
        on("a", "a1");
        on("b", "b1");
        on("a", "a2");
        List<String> seen = new ArrayList<>();
        this.emitter.on("removeListener", (event) -> seen.add(idOf(event.arg(1)) + " "
                + this.emitter.listenerCount("a") + "/" + this.emitter.listenerCount("b")));

        assertThat(this.emitter.removeAllListeners()).isEqualTo(4);

        assertThat(seen).containsExactly("a2 1/1", "a1 0/1", "b1 0/0");
    }

    @Test
    void removeAllListenersTellsWildcardRemoveListenerListenersLastToo() {
        List<String> seen = new ArrayList<>();
        on("**", "everything", (event) -> {
            if (event.name().equals("removeListener")) {
                seen.add(idOf(event.arg(1)) + " " + this.emitter.listenerCount("removeListener"));
            }
        });
        on("removeListener", "announcer");
        on("job", "job");

        assertThat(this.emitter.removeAllListeners()).isEqualTo(3);

        assertThat(seen).containsExactly("job 2", "announcer 1");
    }

    @Test
    void removeAllListenersWithoutRemoveListenerListenersRemovesEverythingAtOnce() {
        on("a", "a");
        on("b.*", "b");
        this.emitter.once("c", NOOP);

        assertThat(this.emitter.removeAllListeners()).isEqualTo(3);

        assertThat(this.emitter.eventNames()).isEmpty();
    }

    @Test
    void unhandledErrorWhoseArgumentCannotDescribeItselfIsStillReported() {
        Object broken = new Unprintable();

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", broken));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class)
            .hasMessageStartingWith("Unhandled 'error' event: <" + Unprintable.class.getName() + "@"
                    + Integer.toHexString(System.identityHashCode(broken)))
            .hasMessageContaining("toString() threw java.lang.IllegalStateException")
            .hasNoCause();
        assertThat(((UnhandledErrorException) thrown).getError()).isSameAs(broken);
    }

    @Test
    void unhandledErrorWhoseThrowableArgumentCannotDescribeItselfKeepsItAsTheCause() {
        Exception broken = new UnprintableException();

        Throwable thrown = catchThrowable(() -> this.emitter.emit("error", broken));

        assertThat(thrown).isInstanceOf(UnhandledErrorException.class)
            .hasMessageContaining(UnprintableException.class.getName() + "@")
            .hasMessageContaining("toString() threw java.lang.UnsupportedOperationException")
            .hasCause(broken);
    }

    @Test
    void nextFailsWithTheErrorEventEvenWhenItsArgumentCannotDescribeItself() {
        var next = this.emitter.next("job.done");

        this.emitter.emit("error", new Unprintable());

        assertThat(next).isCompletedExceptionally();
        assertThat(catchThrowable(next::join)).hasCauseInstanceOf(UnhandledErrorException.class);
    }

    private void on(String pattern, String id) {
        on(pattern, id, NOOP);
    }

    private void on(String pattern, String id, Listener listener) {
        this.emitter.register(List.of(ListenerDefinition.of(pattern, listener).withId(id)));
    }

    private static String idOf(Object info) {
        return ((ListenerInfo) info).id();
    }

    /** A programmatic listener's id is the simple name of its class. */
    static final class Prepended implements Listener {

        @Override
        public void onEvent(dev.eventbus.Event event) {
        }
    }

    static final class Unprintable {

        @Override
        public String toString() {
            throw new IllegalStateException("no description");
        }
    }

    static final class UnprintableException extends Exception {

        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new UnsupportedOperationException("no description");
        }
    }

}
