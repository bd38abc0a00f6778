package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * All the durable listeners of one emit are written in one batched statement, counted where it reaches the driver.
 */
class BatchedWriteTest {

    private static final String INSERT = "INSERT INTO eventbus_publication";

    private final ConfigurableApplicationContext context = Applications.start(Applications.newH2(),
            new Class<?>[] { App.class });

    private final StatementCounter counter = (StatementCounter) this.context.getBean(DataSource.class);

    private final Emitter emitter = this.context.getBean(Emitter.class);

    private final PublicationRows rows = new PublicationRows(this.counter);

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void threeDurableListenersOfOneEmitAreWrittenInOneBatchedStatement() {
        this.counter.reset();

        this.emitter.emit("order.placed", new Order("o-1", 3));

        assertThat(inserts()).hasSize(1);
        assertThat(this.counter.batchSizes(INSERT)).containsExactly(3);
        assertThat(this.counter.executedSingly).noneMatch((sql) -> sql.startsWith(INSERT));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 3);
        assertThat(this.context.getBean(Fulfilment.class).calls).containsExactlyInAnyOrder("sync o-1", "invoice o-1",
                "ship o-1", "notify o-1");
    }

    @Test
    void eachEmitOfATransactionIsOneBatchedStatementAndOnlyDurableListenersAreWritten() {
        TransactionTemplate transaction = new TransactionTemplate(
                this.context.getBean(PlatformTransactionManager.class));
        this.counter.reset();

        transaction.executeWithoutResult((status) -> {
            this.emitter.emit("order.placed", new Order("o-1", 1));
            this.emitter.emit("order.placed", new Order("o-2", 2));
            this.emitter.emit("order.cancelled", "o-3");
        });

        assertThat(inserts()).hasSize(3);
        assertThat(this.counter.batchSizes(INSERT)).containsExactly(3, 3, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 7);
    }

    @Test
    void twoDurableListenersSharingAnIdFailTheirRegistrationNamingTheId() {
        assertThatExceptionOfType(ListenerDefinitionException.class)
            .isThrownBy(() -> this.emitter.register(new Twins()))
            .withMessageStartingWith("Listener id 'twin' is taken by another listener");
        assertThat(this.emitter.listenerCount("twins.born")).isZero();
        assertThat(this.rows.count()).isZero();
    }

    private List<String> inserts() {
        return this.counter.prepared.stream().filter((sql) -> sql.startsWith(INSERT)).toList();
    }

    static class Fulfilment {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @On("order.placed")
        void sync(Order order) {
            this.calls.add("sync " + order.id());
        }

        @On(value = "order.placed", id = "invoice", durable = true)
        void invoice(Order order) {
            this.calls.add("invoice " + order.id());
        }

        @On(value = "order.placed", id = "ship", durable = true)
        void ship(Order order) {
            this.calls.add("ship " + order.id());
        }

        @On(value = { "order.placed", "order.cancelled" }, id = "notify", durable = true)
        void notify(dev.eventbus.Event event) {
            this.calls.add("notify " + ((event.arg(0) instanceof Order order) ? order.id() : event.arg(0)));
        }

    }

    static class Twins {

        @On(value = "twins.born", id = "twin", durable = true)
        void first(String name) {
        }

        @On(value = "twins.born", id = "twin", durable = true)
        void second(String name) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Fulfilment.class)
    static class App {

        @Bean
        static BeanPostProcessor statementCounter() {
            return StatementCounter.wrapping("eventbus_publication");
        }

    }

}
