package dev.eventbus.transaction;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerDefinitionException;
import dev.eventbus.ListenerFailure;
import dev.eventbus.On;
import dev.eventbus.Phase;
import dev.eventbus.TransactionRequiredException;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.autoconfigure.EventBusTransactionAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @On(phase = ...)} against a real transaction manager on an embedded H2 database.
 */
class TransactionPhaseTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusTransactionAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(Database.class, PhaseListeners.class);

    @Test
    void eachPhaseRunsWhenItsTransactionGetsThereAndNotAtTheEmit() {
        this.runner.run((context) -> {
            PhaseListeners listeners = context.getBean(PhaseListeners.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            Emitter emitter = context.getBean(Emitter.class);

            transaction.executeWithoutResult((status) -> {
                emitter.emit("order.placed", "o-1");
                assertThat(listeners.calls).containsExactly("immediate:o-1");
            });

            assertThat(listeners.calls).containsExactly("immediate:o-1", "beforeCommit:o-1:inTransaction",
                    "afterCommit:o-1", "afterCompletion:o-1");
        });
    }

    @Test
    void aRollbackRunsTheRollbackListenersAndNeverTheCommitOnes() {
        this.runner.run((context) -> {
            PhaseListeners listeners = context.getBean(PhaseListeners.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            Emitter emitter = context.getBean(Emitter.class);

            transaction.executeWithoutResult((status) -> {
                emitter.emit("order.placed", "o-2");
                status.setRollbackOnly();
            });

            assertThat(listeners.calls).containsExactly("immediate:o-2", "afterRollback:o-2",
                    "afterCompletion:o-2");
        });
    }

    @Test
    void anEmitAsyncFutureCompletesWhenThePhaseComesAndDoesNotWaitForOneThatNeverComes() {
        this.runner.run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            Emitter emitter = context.getBean(Emitter.class);
            List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();

            transaction.executeWithoutResult((status) -> {
                futures.add(emitter.emitAsync("order.placed", "o-3"));
                assertThat(futures.get(0)).isNotDone();
                status.setRollbackOnly();
            });

            // the AFTER_COMMIT and BEFORE_COMMIT invocations were withdrawn; the others have run
            assertThat(futures.get(0)).succeedsWithin(5, TimeUnit.SECONDS);
        });
    }

    @Test
    void aBeforeCommitFailureRollsTheTransactionBackAndReachesTheCommittingCaller() {
        this.runner.withUserConfiguration(FailingBeforeCommit.class).run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Emitter emitter = context.getBean(Emitter.class);

            assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult((status) -> {
                jdbc.update("insert into orders (id) values ('o-4')");
                emitter.emit("order.checked", "o-4");
            })).withMessage("stock is short for o-4");

            assertThat(jdbc.queryForObject("select count(*) from orders", Integer.class)).isZero();
        });
    }

    @Test
    void aSyncListenerFailingAfterTheCommitIsAnErrorEventNotALogLineOfSpringsOwn() {
        this.runner.withUserConfiguration(FailingAfterCommit.class).run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            FailingAfterCommit errors = context.getBean(FailingAfterCommit.class);
            Emitter emitter = context.getBean(Emitter.class);

            transaction.executeWithoutResult((status) -> emitter.emit("order.shipped", "o-5"));

            assertThat(errors.failures).singleElement().satisfies((failure) -> {
                assertThat(failure.listenerId()).endsWith("FailingAfterCommit#ship");
                assertThat(failure.args()).containsExactly("o-5");
            });
        });
    }

    @Test
    void anAsyncListenerRunsOnTheBusExecutorAfterTheCommit() {
        this.runner.withUserConfiguration(AsyncAfterCommit.class).run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            AsyncAfterCommit listener = context.getBean(AsyncAfterCommit.class);
            Emitter emitter = context.getBean(Emitter.class);

            transaction.executeWithoutResult((status) -> {
                emitter.emit("invoice.due", "o-6");
                assertThat(listener.threads).isEmpty();
            });

            await().atMost(5, TimeUnit.SECONDS).until(() -> !listener.threads.isEmpty());
            assertThat(listener.threads).singleElement().asString().startsWith("eventbus-");
        });
    }

    @Test
    void outsideATransactionAPhaseListenerRunsAtOnceByDefault() {
        this.runner.run((context) -> {
            PhaseListeners listeners = context.getBean(PhaseListeners.class);

            context.getBean(Emitter.class).emit("order.placed", "o-7");

            assertThat(listeners.calls).containsExactly("immediate:o-7", "beforeCommit:o-7:noTransaction",
                    "afterCommit:o-7", "afterRollback:o-7", "afterCompletion:o-7");
        });
    }

    @Test
    void outsideATransactionAPhaseListenerFailsTheEmitWhenToldTo() {
        this.runner.withPropertyValues("eventbus.transactions.outside=fail").run((context) -> {
            PhaseListeners listeners = context.getBean(PhaseListeners.class);

            assertThatExceptionOfType(TransactionRequiredException.class)
                .isThrownBy(() -> context.getBean(Emitter.class).emit("order.placed", "o-8"))
                .withMessageContaining("PhaseListeners#beforeCommit'")
                .withMessageContaining("BEFORE_COMMIT")
                .withMessageContaining("'order.placed'")
                .satisfies((ex) -> assertThat(ex.getListenerId()).endsWith("PhaseListeners#beforeCommit"));
            assertThat(listeners.calls).containsExactly("immediate:o-8");
        });
    }

    @Test
    void anAfterCommitListenerWritesInATransactionOfItsOwnAndTheWriteIsCommitted() {
        this.runner.withUserConfiguration(AuditAfterCommit.class).run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Emitter emitter = context.getBean(Emitter.class);

            transaction.executeWithoutResult((status) -> {
                jdbc.update("insert into orders (id) values ('o-9')");
                emitter.emit("order.audited", "o-9");
            });

            // read on a connection of its own: the audit row is there for everyone, not just for its writer
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(new JdbcTemplate(dataSource).queryForList("select id from audit", String.class))
                .containsExactly("o-9");
            assertThat(context.getBean(AuditAfterCommit.class).sawNewTransaction).isTrue();
        });
    }

    @Test
    void aPhaseWithoutSpringTxOnTheClassPathFailsTheStartupNamingWhatIsMissing() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventBusTransactionAutoConfiguration.class,
                    EventBusAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.transaction", "org.springframework.jdbc"))
            .withBean(AsyncAfterCommit.class)
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .isInstanceOf(ListenerDefinitionException.class)
                .hasMessageContaining("AsyncAfterCommit.invoice(String)")
                .hasMessageContaining("AFTER_COMMIT")
                .hasMessageContaining("spring-tx"));
    }

    @Test
    void aDurableListenerWithoutTheJdbcModuleFailsTheStartupNamingTheArtifact() {
        this.runner.withBean(DurableWithoutModule.class)
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .isInstanceOf(ListenerDefinitionException.class)
                .hasMessageContaining("DurableWithoutModule#send")
                .hasMessageContaining("DurableWithoutModule.send(String)")
                .hasMessageContaining("event-bus-spring-boot-starter-jdbc"));
    }

    @Test
    void aBeforeCommitListenerThatEmitsRunsTheBeforeCommitListenersOfThatEventToo() {
        this.runner.withUserConfiguration(NestedBeforeCommit.class).run((context) -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            NestedBeforeCommit listeners = context.getBean(NestedBeforeCommit.class);

            transaction.executeWithoutResult((status) -> context.getBean(Emitter.class).emit("order.closing", "o-10"));

            assertThat(listeners.calls).containsExactly("closing:o-10", "closed:o-10:inTransaction");
        });
    }

    @Test
    void anAsyncListenerAtBeforeCommitFailsTheStartup() {
        this.runner.withBean(AsyncBeforeCommit.class)
            .run((context) -> assertThat(definitionFailure(context.getStartupFailure()))
                .hasMessageContaining("AsyncBeforeCommit.check(String)")
                .hasMessageContaining("cannot be async at phase BEFORE_COMMIT"));
    }

    /** The ListenerDefinitionException in a startup failure's causes. */
    private static Throwable definitionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ListenerDefinitionException) {
                return cause;
            }
        }
        throw new AssertionError("No ListenerDefinitionException among the causes of " + failure, failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class Database {

        @Bean
        DataSource dataSource() {
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
                .generateUniqueName(true)
                .addScript("classpath:dev/eventbus/transaction/schema.sql")
                .build();
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
            return new TransactionTemplate(transactionManager);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

    }

    static class PhaseListeners {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @On(value = "order.placed", order = 1)
        void immediate(String order) {
            this.calls.add("immediate:" + order);
        }

        @On(value = "order.placed", phase = Phase.BEFORE_COMMIT, order = 2)
        void beforeCommit(String order) {
            this.calls.add("beforeCommit:" + order + ":"
                    + (TransactionSynchronizationManager.isActualTransactionActive() ? "inTransaction"
                            : "noTransaction"));
        }

        @On(value = "order.placed", phase = Phase.AFTER_COMMIT, order = 3)
        void afterCommit(String order) {
            this.calls.add("afterCommit:" + order);
        }

        @On(value = "order.placed", phase = Phase.AFTER_ROLLBACK, order = 4)
        void afterRollback(String order) {
            this.calls.add("afterRollback:" + order);
        }

        @On(value = "order.placed", phase = Phase.AFTER_COMPLETION, order = 5)
        void afterCompletion(String order) {
            this.calls.add("afterCompletion:" + order);
        }

    }

    static class FailingBeforeCommit {

        @On(value = "order.checked", phase = Phase.BEFORE_COMMIT)
        void check(String order) {
            throw new IllegalStateException("stock is short for " + order);
        }

    }

    static class FailingAfterCommit {

        final List<ListenerFailure> failures = new CopyOnWriteArrayList<>();

        @On(value = "order.shipped", phase = Phase.AFTER_COMMIT)
        void ship(String order) {
            throw new IllegalStateException("the carrier is down for " + order);
        }

        @On("error")
        void onError(Throwable error, ListenerFailure failure) {
            this.failures.add(failure);
        }

    }

    static class AsyncAfterCommit {

        final List<String> threads = new CopyOnWriteArrayList<>();

        @On(value = "invoice.due", phase = Phase.AFTER_COMMIT, async = true)
        void invoice(String order) {
            this.threads.add(Thread.currentThread().getName());
        }

    }

    static class AuditAfterCommit {

        private final JdbcTemplate jdbc;

        private final TransactionTemplate requiresNew;

        volatile boolean sawNewTransaction;

        AuditAfterCommit(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
            this.jdbc = jdbc;
            this.requiresNew = new TransactionTemplate(transactionManager);
            this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }

        @On(value = "order.audited", phase = Phase.AFTER_COMMIT)
        void audit(String order) {
            this.requiresNew.executeWithoutResult((status) -> {
                this.sawNewTransaction = status.isNewTransaction();
                this.jdbc.update("insert into audit (id) values (?)", order);
            });
        }

    }

    static class NestedBeforeCommit {

        final List<String> calls = new CopyOnWriteArrayList<>();

        private final Emitter emitter;

        NestedBeforeCommit(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "order.closing", phase = Phase.BEFORE_COMMIT)
        void closing(String order) {
            this.calls.add("closing:" + order);
            this.emitter.emit("order.closed", order);
        }

        @On(value = "order.closed", phase = Phase.BEFORE_COMMIT)
        void closed(String order) {
            this.calls.add("closed:" + order + ":"
                    + (TransactionSynchronizationManager.isActualTransactionActive() ? "inTransaction"
                            : "noTransaction"));
        }

    }

    static class AsyncBeforeCommit {

        @On(value = "order.checked", phase = Phase.BEFORE_COMMIT, async = true)
        void check(String order) {
        }

    }

    static class DurableWithoutModule {

        @On(value = "invoice.due", durable = true)
        void send(String order) {
        }

    }

}
