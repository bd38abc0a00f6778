package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.autoconfigure.EventBusProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writing publications on H2: in the emitting transaction (gone with its rollback, delivered after its commit), or in
 * a transaction of their own before the emit returns.
 */
class DurableWriteTest {

    private final ConfigurableApplicationContext context = Applications.start(Applications.newH2(),
            new Class<?>[] { App.class }, "eventbus.instance-id=writer-1");

    private final Emitter emitter = this.context.getBean(Emitter.class);

    private final Invoices invoices = this.context.getBean(Invoices.class);

    private final PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));

    private final TransactionTemplate transaction = new TransactionTemplate(
            this.context.getBean(PlatformTransactionManager.class));

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void rollbackLeavesNoPublicationAndTheListenerNeverRuns() {
        this.transaction.executeWithoutResult((status) -> {
            this.emitter.emit("order.placed", new Order("rolled-back", 1));
            assertThat(new org.springframework.jdbc.core.JdbcTemplate(this.context.getBean(DataSource.class))
                .queryForObject("SELECT COUNT(*) FROM eventbus_publication", Integer.class))
                .as("written in the emitting transaction").isEqualTo(1);
            status.setRollbackOnly();
        });
        assertThat(this.rows.count()).isZero();

        // a later committed emit is delivered: had the first one survived, it would have been delivered by then
        this.transaction.executeWithoutResult((status) -> this.emitter.emit("order.placed", new Order("kept", 2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(this.invoices.invoiced).containsExactly(new Order("kept", 2));
        assertThat(this.rows.count()).isEqualTo(1);
    }

    @Test
    void committedPublicationIsDeliveredAfterCommitAndCompletedByItsKey() {
        CountDownLatch gate = new CountDownLatch(1);
        this.invoices.gate = gate;
        this.transaction.executeWithoutResult((status) -> {
            this.emitter.emit("order.placed", new Order("o-1", 42));
            assertThat(this.invoices.invoiced).as("not before the commit").isEmpty();
        });
        gate.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(this.invoices.invoiced).containsExactly(new Order("o-1", 42));
        assertThat(this.invoices.threads).allMatch((name) -> name.startsWith("eventbus-"));
        Map<String, Object> row = this.rows.one(this.invoices.eventIds.get(0), "invoice");
        assertThat(row).containsEntry("EVENT_NAME", "order.placed")
            .containsEntry("ORIGIN", "writer-1")
            .containsEntry("SCHEMA_VERSION", 1)
            .containsEntry("ATTEMPTS", 1)
            .containsEntry("LEASE_OWNER", null);
        assertThat(row.get("COMPLETED_AT")).isNotNull();
        assertThat(row.get("ARGS").toString()).isEqualTo("[{\"id\":\"o-1\",\"amount\":42}]");
    }

    @Test
    void withoutATransactionThePublicationIsCommittedBeforeEmitReturns() {
        CountDownLatch gate = new CountDownLatch(1);
        this.invoices.gate = gate;

        this.emitter.emit("order.placed", new Order("o-2", 7));

        // read through another connection: only committed rows are visible to it
        List<Map<String, Object>> written = this.rows.all();
        assertThat(written).singleElement()
            .satisfies((row) -> assertThat(row).containsEntry("STATUS", "owed")
                .containsEntry("ATTEMPTS", 0)
                .containsEntry("LEASE_OWNER", "writer-1"));
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(this.invoices.invoiced).containsExactly(new Order("o-2", 7));
        assertThat(this.context.getBean(EventBusProperties.class).getInstanceId()).isEqualTo("writer-1");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Invoices.class)
    static class App {

    }

}
