package dev.eventbus.jdbc;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
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
 * The write path on a real PostgreSQL server: a rollback leaves nothing, a commit is delivered and completed.
 */
class PostgresWriteTest {

    private final ConfigurableApplicationContext context = Applications.start(PostgresServer.newDatabase(),
            new Class<?>[] { App.class });

    private final Emitter emitter = this.context.getBean(Emitter.class);

    private final PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));

    private final TransactionTemplate transaction = new TransactionTemplate(
            this.context.getBean(PlatformTransactionManager.class));

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void rollbackLeavesNothingAndCommitIsDeliveredAndCompleted() {
        this.transaction.executeWithoutResult((status) -> {
            this.emitter.emit("order.placed", new Order("rolled-back", 1));
            status.setRollbackOnly();
        });
        this.transaction.executeWithoutResult((status) -> this.emitter.emit("order.placed", new Order("kept", 2)));

        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.count("completed") == 1);
        assertThat(this.context.getBean(Invoices.class).invoiced).containsExactly(new Order("kept", 2));
        assertThat(this.rows.count()).isEqualTo(1);
        Map<String, Object> row = this.rows.all().get(0);
        assertThat(row).containsEntry("attempts", 1).containsEntry("args", "[{\"id\":\"kept\",\"amount\":2}]");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Invoices.class)
    static class App {

    }

}
