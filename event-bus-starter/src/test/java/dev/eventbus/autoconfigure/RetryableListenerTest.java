package dev.eventbus.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerFailure;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.On;
import dev.eventbus.RetriesExhaustedException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Spring Framework's {@code @Retryable} on {@code @On} methods, in a real context with flaky listeners: a listener
 * that recovers within its retries is invisible to the emitter's caller; one that gives up reaches the caller (sync)
 * or the {@code "error"} listeners (async) with its last failure, which carries every attempt.
 */
class RetryableListenerTest {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EventBusMetricsAutoConfiguration.class,
                EventBusAutoConfiguration.class))
        .withUserConfiguration(RetryingConfiguration.class);

    @Test
    void syncListenerThatSucceedsOnItsThirdAttemptLetsTheEmitReturnNormally() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(2);

            assertThat(context.getBean(Emitter.class).emit("invoice.sync", "i-1")).isTrue();

            assertThat(listeners.syncAttempts).hasValue(3);
            assertThat(listeners.afterSync).containsExactly("i-1");
            assertThat(context.getBean(DeadLetters.class).letters).isEmpty();
        });
    }

    @Test
    void asyncListenerThatSucceedsOnItsThirdAttemptCompletesItsEmitNormally() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(2);

            CompletableFuture<Void> done = context.getBean(Emitter.class).emitAsync("invoice.async", "i-2");

            assertThat(done).succeedsWithin(WAIT);
            assertThat(listeners.asyncAttempts).hasValue(3);
            assertThat(listeners.asyncThreads).hasSize(3).allMatch((name) -> name.startsWith("eventbus-"));
            assertThat(context.getBean(DeadLetters.class).letters).isEmpty();
        });
    }

    @Test
    void asyncListenerThatExhaustsItsRetriesReachesErrorWithEveryAttempt() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(Integer.MAX_VALUE);
            DeadLetters deadLetters = context.getBean(DeadLetters.class);

            assertThat(context.getBean(Emitter.class).emit("invoice.async", "i-3")).isTrue();

            await().atMost(WAIT).until(() -> !deadLetters.letters.isEmpty());
            DeadLetter letter = deadLetters.letters.peek();
            assertThat(letter.failure()).isEqualTo(
                    new ListenerFailure("invoice.async", "flakyListeners#sendAsync", List.of("i-3")));
            assertThat(letter.error()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Mail server down for i-3 (attempt 3)");
            assertThat(letter.attempts()).isEqualTo(3);
            RetriesExhaustedException retries = RetriesExhaustedException.of(letter.error()).orElseThrow();
            assertThat(retries.getFailures()).extracting(Throwable::getMessage).containsExactly(
                    "Mail server down for i-3 (attempt 1)", "Mail server down for i-3 (attempt 2)",
                    "Mail server down for i-3 (attempt 3)");
            assertThat(retries.getFailures().get(2)).isSameAs(letter.error());
            assertThat(retries.getSuppressed()).containsExactlyElementsOf(retries.getFailures().subList(0, 2));
            assertThat(retries).hasMessageContaining("sendAsync").hasMessageContaining("failed 3 attempts");
            assertThat(listeners.asyncAttempts).hasValue(3);
            assertThat(deadLetters.letters).hasSize(1);
        });
    }

    @Test
    void emitAsyncOfAListenerThatExhaustsItsRetriesFailsWithTheLastFailureCarryingEveryAttempt() {
        this.contextRunner.run((context) -> {
            context.getBean(FlakyState.class).failingAttempts.set(Integer.MAX_VALUE);

            CompletableFuture<Void> done = context.getBean(Emitter.class).emitAsync("invoice.async", "i-4");

            assertThat(done).failsWithin(WAIT).withThrowableThat().havingRootCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("Mail server down for i-4 (attempt 3)")
                .satisfies((error) -> assertThat(RetriesExhaustedException.of(error))
                    .hasValueSatisfying((retries) -> assertThat(retries.getAttempts()).isEqualTo(3)));
            assertThat(context.getBean(DeadLetters.class).letters).as("emitAsync's future is the caller").isEmpty();
        });
    }

    @Test
    void syncListenerThatExhaustsItsRetriesPropagatesItsLastFailureCarryingEveryAttempt() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(Integer.MAX_VALUE);

            assertThatThrownBy(() -> context.getBean(Emitter.class).emit("invoice.sync", "i-5"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Ledger locked for i-5 (attempt 3)")
                .satisfies((error) -> assertThat(RetriesExhaustedException.of(error).orElseThrow().getAttempts())
                    .isEqualTo(3));
            assertThat(listeners.afterSync).as("the failure stopped the emit").isEmpty();
            assertThat(context.getBean(DeadLetters.class).letters).as("a sync failure has a caller").isEmpty();
        });
    }

    @Test
    void checkedFailureAfterRetriesIsWrappedAndItsAttemptsAreFoundThroughTheWrapper() {
        this.contextRunner.run((context) -> {
            context.getBean(FlakyState.class).failingAttempts.set(Integer.MAX_VALUE);

            assertThatThrownBy(() -> context.getBean(Emitter.class).emit("invoice.archived", "i-6"))
                .isInstanceOfSatisfying(ListenerInvocationException.class, (ex) -> {
                    assertThat(ex.getCause()).isInstanceOf(IOException.class)
                        .hasMessage("Archive full for i-6 (attempt 2)");
                    assertThat(RetriesExhaustedException.of(ex).orElseThrow().getAttempts()).isEqualTo(2);
                });
        });
    }

    @Test
    void attemptsAreRecordedEvenWhenTheApplicationMulticastsEventsOnAnExecutor() {
        List<Runnable> held = new CopyOnWriteArrayList<>();
        this.contextRunner
            .withBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                    SimpleApplicationEventMulticaster.class, () -> {
                        SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
                        // an executor that never runs what it is given: an async listener would see nothing
                        multicaster.setTaskExecutor(held::add);
                        return multicaster;
                    })
            .run((context) -> {
                context.getBean(FlakyState.class).failingAttempts.set(Integer.MAX_VALUE);

                assertThatThrownBy(() -> context.getBean(Emitter.class).emit("invoice.sync", "i-10"))
                    .hasMessage("Ledger locked for i-10 (attempt 3)")
                    .satisfies((error) -> assertThat(RetriesExhaustedException.of(error)).isPresent());
            });
    }

    @Test
    void failureThatRetryableDoesNotRetryCarriesNoRecordOfRetries() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(Integer.MAX_VALUE);

            assertThatThrownBy(() -> context.getBean(Emitter.class).emit("invoice.voided", "i-7"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies((error) -> assertThat(RetriesExhaustedException.of(error)).isEmpty());
            assertThat(listeners.voidAttempts).as("only IOExceptions are retried").hasValue(1);
        });
    }

    @Test
    void retryableMethodsThatAreNotListenersAreLeftAlone() {
        this.contextRunner.run((context) -> {
            PlainService service = context.getBean(PlainService.class);

            assertThatThrownBy(service::call).isInstanceOf(IllegalStateException.class)
                .satisfies((error) -> assertThat(error.getSuppressed()).isEmpty());
            assertThat(service.attempts()).isEqualTo(3);
        });
    }

    @Test
    void failedCompletionStageIsNotRetriedByRetryableSoItReachesErrorAfterOneAttempt() {
        this.contextRunner.run((context) -> {
            FlakyState listeners = context.getBean(FlakyState.class);
            listeners.failingAttempts.set(Integer.MAX_VALUE);
            DeadLetters deadLetters = context.getBean(DeadLetters.class);

            context.getBean(Emitter.class).emit("invoice.staged", "i-8");

            await().atMost(WAIT).until(() -> !deadLetters.letters.isEmpty());
            assertThat(listeners.stagedAttempts).hasValue(1);
            assertThat(deadLetters.letters.peek().attempts()).isEqualTo(1);
        });
    }

    @Test
    void deadLetterKeepsTheFailedEventSoItCanBeReplayedOnceTheListenerRecovers() {
        this.contextRunner.run((context) -> {
            Emitter emitter = context.getBean(Emitter.class);
            FlakyState listeners = context.getBean(FlakyState.class);
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            listeners.failingAttempts.set(Integer.MAX_VALUE);
            emitter.emit("invoice.async", "i-9");
            await().atMost(WAIT).until(() -> !deadLetters.letters.isEmpty());

            listeners.failingAttempts.set(0);
            DeadLetter letter = deadLetters.letters.poll();
            CompletableFuture<Void> replayed = emitter.emitAsync(letter.failure().event(),
                    letter.failure().args().toArray());

            assertThat(replayed).succeedsWithin(WAIT);
            assertThat(listeners.sent).containsExactly("i-9");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods
    static class RetryingConfiguration {

        @Bean
        FlakyState flakyState() {
            return new FlakyState();
        }

        @Bean
        FlakyListeners flakyListeners(FlakyState state) {
            return new FlakyListeners(state);
        }

        @Bean
        DeadLetters deadLetters() {
            return new DeadLetters();
        }

        @Bean
        PlainService plainService() {
            return new PlainService();
        }

    }

    /** What the flaky listeners do and did, out of their proxy's reach. */
    static class FlakyState {

        final AtomicInteger failingAttempts = new AtomicInteger();

        final AtomicInteger syncAttempts = new AtomicInteger();

        final AtomicInteger asyncAttempts = new AtomicInteger();

        final AtomicInteger archiveAttempts = new AtomicInteger();

        final AtomicInteger voidAttempts = new AtomicInteger();

        final AtomicInteger stagedAttempts = new AtomicInteger();

        final Queue<String> asyncThreads = new ConcurrentLinkedQueue<>();

        final Queue<String> afterSync = new ConcurrentLinkedQueue<>();

        final Queue<String> sent = new ConcurrentLinkedQueue<>();

    }

    /** Listeners whose first {@link FlakyState#failingAttempts} attempts fail, each with a new exception. */
    static class FlakyListeners {

        private final FlakyState state;

        FlakyListeners(FlakyState state) {
            this.state = state;
        }

        @On("invoice.sync")
        @Retryable(maxRetries = 2, delay = 5)
        public void book(String invoice) {
            int attempt = this.state.syncAttempts.incrementAndGet();
            if (attempt <= this.state.failingAttempts.get()) {
                throw new IllegalStateException("Ledger locked for " + invoice + " (attempt " + attempt + ")");
            }
        }

        @On(value = "invoice.sync", order = 1)
        public void afterBooking(String invoice) {
            this.state.afterSync.add(invoice);
        }

        @On(value = "invoice.async", async = true)
        @Retryable(maxRetries = 2, delay = 5)
        public void sendAsync(String invoice) {
            this.state.asyncThreads.add(Thread.currentThread().getName());
            int attempt = this.state.asyncAttempts.incrementAndGet();
            if (attempt <= this.state.failingAttempts.get()) {
                throw new IllegalStateException("Mail server down for " + invoice + " (attempt " + attempt + ")");
            }
            this.state.sent.add(invoice);
        }

        @On("invoice.archived")
        @Retryable(maxRetries = 1, delay = 5)
        public void archive(String invoice) throws IOException {
            int attempt = this.state.archiveAttempts.incrementAndGet();
            if (attempt <= this.state.failingAttempts.get()) {
                throw new IOException("Archive full for " + invoice + " (attempt " + attempt + ")");
            }
        }

        @On("invoice.voided")
        @Retryable(includes = IOException.class, maxRetries = 2, delay = 5)
        public void voidInvoice(String invoice) {
            this.state.voidAttempts.incrementAndGet();
            throw new IllegalArgumentException("Invoice " + invoice + " cannot be voided");
        }

        @On("invoice.staged")
        @Retryable(maxRetries = 2, delay = 5)
        public CompletableFuture<Void> staged(String invoice) {
            this.state.stagedAttempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("Stage failed for " + invoice));
        }

    }

    /**
     * A dead-letter listener: keeps every failure that had no caller, with the event to replay it.
     */
    static class DeadLetters {

        final Queue<DeadLetter> letters = new ConcurrentLinkedQueue<>();

        @On("error")
        public void keep(Throwable error, ListenerFailure failure) {
            int attempts = RetriesExhaustedException.of(error).map(RetriesExhaustedException::getAttempts).orElse(1);
            this.letters.add(new DeadLetter(failure, error, attempts));
        }

    }

    record DeadLetter(ListenerFailure failure, Throwable error, int attempts) {
    }

    static class PlainService {

        private final AtomicInteger attempts = new AtomicInteger();

        @Retryable(maxRetries = 2, delay = 5)
        public void call() {
            throw new IllegalStateException("Attempt " + this.attempts.incrementAndGet());
        }

        public int attempts() {
            return this.attempts.get();
        }

    }

}
