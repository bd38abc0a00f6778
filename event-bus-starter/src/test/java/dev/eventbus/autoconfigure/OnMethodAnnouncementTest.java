package dev.eventbus.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter registers the {@link On @On} methods of all beans together, and announces them as if each bean had been
 * registered on its own, in the order of the beans: a {@code newListener} method of one bean hears the registrations
 * of the beans after it, a {@code removeListener} method hears the removals of the beans after it when the context
 * closes (newest first), and each sees the registry as it was at that bean.
 */
class OnMethodAnnouncementTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class));

    @Test
    void newListenerMethodHearsTheBeansAfterItsOwnEachAnnouncedBeforeItIsAdded() {
        Heard heard = new Heard();
        this.contextRunner.withBean(Heard.class, () -> heard).withUserConfiguration(ListenerBeans.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(heard.added).containsExactly("b.first#0", "b.second#0", "c.only#2");
                assertThat(context.getBean(Emitter.class).eventNames()).contains("b.first", "b.second", "c.only");
            });
    }

    @Test
    void removeListenerMethodHearsTheBeansAfterItsOwnRemovedNewestFirstWhenTheContextCloses() {
        Heard heard = new Heard();
        this.contextRunner.withBean(Heard.class, () -> heard).withUserConfiguration(ListenerBeans.class)
            .run((context) -> assertThat(heard.removed).isEmpty());

        assertThat(heard.removed).containsExactly("c.only", "b.first", "b.second");
    }

    @Test
    void beansBeforeTheAnnouncingBeanAreNotAnnounced() {
        Heard heard = new Heard();
        this.contextRunner.withBean(Heard.class, () -> heard).withUserConfiguration(EarlierBean.class,
                ListenerBeans.class)
            .run((context) -> {
                assertThat(context.getBean(Emitter.class).eventNames()).contains("earlier");
                assertThat(heard.added).containsExactly("b.first#1", "b.second#1", "c.only#3");
            });
    }

    @Test
    void listenerTheEmitterHadBeforeTheBeansHearsEveryBeanInTurn() {
        Heard heard = new Heard();
        this.contextRunner.withBean(Heard.class, () -> heard).withUserConfiguration(WatchingBean.class,
                EarlierBean.class, SecondBean.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(heard.added).containsExactly("earlier#0", "c.only#1");
            });
    }

    /** What the announcing bean heard: each registration with the number of names registered before it. */
    static class Heard {

        final List<String> added = new CopyOnWriteArrayList<>();

        final List<String> removed = new CopyOnWriteArrayList<>();

    }

    static class Announced {

        private final Heard heard;

        private final Emitter emitter;

        Announced(Heard heard, Emitter emitter) {
            this.heard = heard;
            this.emitter = emitter;
        }

        @On("newListener")
        public void added(String pattern, ListenerInfo info) {
            // the emitter's own 'newListener' and 'removeListener' registrations are names too: count the others
            long before = this.emitter.eventNames().stream().filter((name) -> !name.endsWith("Listener")).count();
            this.heard.added.add(pattern + "#" + before);
        }

        @On("removeListener")
        public void removed(String pattern, ListenerInfo info) {
            this.heard.removed.add(pattern);
        }

    }

    static class FirstListeners {

        @On("b.first")
        public void first() {
        }

        @On("b.second")
        public void second() {
        }

    }

    static class SecondListener {

        @On("c.only")
        public void only() {
        }

    }

    static class EarlyListener {

        @On("earlier")
        public void early() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class WatchingBean {

        /** Listens to 'newListener' programmatically, as soon as the emitter exists: before any bean is registered. */
        @Bean
        Object watcher(Emitter emitter, Heard heard) {
            emitter.on("newListener", (event) -> heard.added
                .add(event.args().get(0) + "#" + (emitter.eventNames().size() - 1)));
            return new Object();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SecondBean {

        @Bean
        SecondListener secondListener() {
            return new SecondListener();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EarlierBean {

        @Bean
        EarlyListener earlyListener() {
            return new EarlyListener();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerBeans {

        @Bean
        Announced announced(Heard heard, Emitter emitter) {
            return new Announced(heard, emitter);
        }

        @Bean
        FirstListeners firstListeners() {
            return new FirstListeners();
        }

        @Bean
        SecondListener secondListener() {
            return new SecondListener();
        }

    }

}
