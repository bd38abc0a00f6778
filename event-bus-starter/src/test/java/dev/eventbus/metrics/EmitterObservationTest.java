package dev.eventbus.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitterInstrumentation;
import dev.eventbus.standalone.StandaloneEmitterBuilder;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The observations an emitter makes through {@link ObservationEmitInterceptor}: names, key values, errors and
 * parents, recorded by Micrometer's {@link TestObservationRegistry} (which also validates their lifecycle).
 */
class EmitterObservationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    final InstrumentationLog logged = new InstrumentationLog(DefaultEmitObservationConvention.class,
            DefaultInvocationObservationConvention.class);

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    // no context propagation on this executor: the interceptor alone carries the parent across
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    private final DefaultEmitter emitter = emitter(new ObservationEmitInterceptor(this.registry));

    @AfterEach
    void stopExecutor() {
        this.executor.shutdownNow();
    }

    @Test
    void syncEmitIsObservedWithItsListenerInvocationAsAChild() {
        this.emitter.on("order.placed", (event) -> {
        });

        this.emitter.emit("order.placed", 42);

        Observation.Context emit = only(DefaultEmitObservationConvention.NAME);
        assertThat(emit).isInstanceOfSatisfying(EmitObservationContext.class, (context) -> {
            assertThat(context.getEvent()).isEqualTo("order.placed");
            assertThat(context.getArgs()).containsExactly(42);
        });
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit")
            .that()
            .hasContextualNameEqualTo("emit order.placed")
            .hasLowCardinalityKeyValue("event", "order.placed")
            .hasLowCardinalityKeyValue("method", "emit")
            .hasLowCardinalityKeyValue("outcome", "delivered")
            .doesNotHaveError()
            .doesNotHaveParentObservation()
            .hasBeenStopped();
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasContextualNameEqualTo("lambda on order.placed")
            .hasLowCardinalityKeyValue("event", "order.placed")
            .hasLowCardinalityKeyValue("listener", "lambda")
            .hasLowCardinalityKeyValue("mode", "sync")
            .hasLowCardinalityKeyValue("outcome", "success")
            .doesNotHaveError()
            .hasParentObservationContextMatching((parent) -> parent == emit)
            .hasBeenStopped();
        assertThat(this.registry).hasNumberOfObservationsEqualTo(2);
    }

    @Test
    void emitterFromTheBuilderIsObservedWithTheInterceptorInstalled() {
        Emitter built = new StandaloneEmitterBuilder()
            .interceptor(new ObservationEmitInterceptor(this.registry))
            .build();
        built.on("order.placed", (event) -> {
        });

        built.emit("order.placed");

        assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("eventbus.emit", 1)
            .hasNumberOfObservationsWithNameEqualTo("eventbus.invocation", 1);
    }

    @Test
    void unhandledEmitIsObservedWithoutInvocations() {
        this.emitter.emit("invoice.paid");

        assertThat(this.registry).hasSingleObservationThat()
            .hasNameEqualTo("eventbus.emit")
            .hasLowCardinalityKeyValue("outcome", "unhandled")
            .hasBeenStopped();
    }

    @Test
    void syncFailureMarksTheInvocationAndTheEmitWithTheError() {
        IllegalStateException boom = new IllegalStateException("out of stock");
        this.emitter.on("order.placed", (event) -> {
            throw boom;
        });

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.emitter.emit("order.placed"));

        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasError(boom)
            .hasLowCardinalityKeyValue("outcome", "error")
            .hasBeenStopped();
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit")
            .that()
            .hasError(boom)
            .hasLowCardinalityKeyValue("outcome", "failed")
            .hasBeenStopped();
    }

    @Test
    void asyncListenerInvocationIsAChildOfTheEmitOnTheExecutorThread() throws Exception {
        AsyncListener listener = new AsyncListener(this.registry);
        this.emitter.register(listener);

        this.emitter.emitAsync("job.run").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT)
            .untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
                .that()
                .hasBeenStopped());

        Observation.Context emit = only(DefaultEmitObservationConvention.NAME);
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit")
            .that()
            .hasLowCardinalityKeyValue("method", "emitAsync")
            .hasLowCardinalityKeyValue("outcome", "delivered");
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasLowCardinalityKeyValue("listener", "job")
            .hasLowCardinalityKeyValue("mode", "async")
            .hasLowCardinalityKeyValue("outcome", "success")
            .hasParentObservationContextMatching((parent) -> parent == emit);
        assertThat(listener.thread).isNotEqualTo(Thread.currentThread().getName());
        assertThat(listener.current).isSameAs(only(DefaultInvocationObservationConvention.NAME));
    }

    @Test
    void asyncFailureMarksOnlyTheInvocation() {
        IllegalStateException boom = new IllegalStateException("async failed");
        this.emitter.register(new FailingAsyncListener(boom));

        CompletableFuture<Void> done = this.emitter.emitAsync("job.run");

        await().atMost(TIMEOUT).until(done::isDone);
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasError(boom)
            .hasLowCardinalityKeyValue("outcome", "error");
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit")
            .that()
            .doesNotHaveError()
            .hasLowCardinalityKeyValue("outcome", "delivered");
    }

    @Test
    void invocationOfAStageListenerEndsWhenItsStageCompletes() {
        StageListener listener = new StageListener();
        this.emitter.register(listener);
        this.emitter.on("error", (event) -> {
        });
        IllegalStateException late = new IllegalStateException("late");

        this.emitter.emit("payment.requested");

        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit").that().hasBeenStopped();
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .isNotStopped()
            .doesNotHaveLowCardinalityKeyValueWithKey("outcome");

        listener.stage.completeExceptionally(late);

        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasBeenStopped()
            .hasError(late)
            .hasLowCardinalityKeyValue("outcome", "error");
        assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
            .hasLowCardinalityKeyValue("event", "error"));
    }

    @Test
    void nestedEmitIsAChildOfTheListenerThatEmitsIt() {
        this.emitter.on("order.placed", (event) -> this.emitter.emit("stock.reserved"));

        this.emitter.emit("order.placed");

        Observation.Context invocation = only(DefaultInvocationObservationConvention.NAME);
        assertThat(this.registry).hasNumberOfObservationsEqualTo(3);
        assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
            .hasLowCardinalityKeyValue("event", "stock.reserved")
            .hasParentObservationContextMatching((parent) -> parent == invocation));
    }

    @Test
    void emitInsideAnObservationIsItsChild() {
        this.emitter.on("order.placed", (event) -> {
        });
        Observation request = Observation.createNotStarted("http.server.requests", this.registry);

        request.observe(() -> this.emitter.emit("order.placed"));

        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.emit")
            .that()
            .hasParentObservationEqualTo(request);
        assertThat(this.registry.getCurrentObservation()).isNull();
    }

    @Test
    void customConventionsOverrideTheDefaults() {
        DefaultEmitter custom = emitter(new ObservationEmitInterceptor(this.registry, new EmitObservationConvention() {

            @Override
            public String getName() {
                return "orders.emit";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(EmitObservationContext context) {
                return KeyValues.of("channel", context.getEvent().substring(0, context.getEvent().indexOf('.')));
            }
        }, new DefaultInvocationObservationConvention() {

            @Override
            public KeyValues getLowCardinalityKeyValues(InvocationObservationContext context) {
                return super.getLowCardinalityKeyValues(context).and("order", String.valueOf(context.getListener().order()));
            }
        }, new DefaultEmitObservationConvention(), new DefaultInvocationObservationConvention()));
        custom.on("order.placed", (event) -> {
        });

        custom.emit("order.placed");

        assertThat(this.registry).hasObservationWithNameEqualTo("orders.emit")
            .that()
            .hasLowCardinalityKeyValue("channel", "order")
            .doesNotHaveLowCardinalityKeyValueWithKey("event");
        assertThat(this.registry).hasObservationWithNameEqualTo("eventbus.invocation")
            .that()
            .hasLowCardinalityKeyValue("order", "0")
            .hasLowCardinalityKeyValue("listener", "lambda");
    }

    @Test
    void globalConventionOfTheRegistryReplacesTheDefault() {
        this.registry.observationConfig().observationConvention(new GlobalEmitConvention());
        this.emitter.on("order.placed", (event) -> {
        });

        this.emitter.emit("order.placed");

        assertThat(this.registry).hasObservationWithNameEqualTo("global.emit");
    }

    @Test
    void observationsDisabledByAPredicateAreNotMadeAndTheListenerStillRuns() {
        this.registry.observationConfig().observationPredicate((name, context) -> !name.startsWith("eventbus."));
        List<String> ran = new CopyOnWriteArrayList<>();
        this.emitter.on("order.placed", (event) -> ran.add("sync"));
        this.emitter.register(new AsyncListener(this.registry));

        this.emitter.emitAsync("order.placed").join();
        this.emitter.emitAsync("job.run").join();

        assertThat(ran).containsExactly("sync");
        assertThat(this.registry).doesNotHaveAnyObservation();
    }

    @Test
    void eventValuesPastTheLimitAreObservedAsOtherWithOneWarning() {
        DefaultEmitter limited = emitter(new ObservationEmitInterceptor(this.registry, null, null,
                new DefaultEmitObservationConvention(1), new DefaultInvocationObservationConvention(1)));
        limited.on("**", (event) -> {
        });

        limited.emit("order.placed");
        limited.emit("user.42.created");
        limited.emit("user.43.created");

        assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("eventbus.emit", 3)
            .hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
                .hasLowCardinalityKeyValue("event", "order.placed"))
            .hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.emit")
                .hasContextualNameEqualTo("emit other")
                .hasLowCardinalityKeyValue("event", "other"))
            .hasAnObservation((observation) -> observation.hasNameEqualTo("eventbus.invocation")
                .hasContextualNameEqualTo("lambda on other")
                .hasLowCardinalityKeyValue("event", "other"));
        assertThat(this.logged.events()).hasSize(2)
            .allSatisfy((event) -> assertThat(event.getFormattedMessage())
                .startsWith("Event 'user.42.created' and every later new event name are recorded with the tag "
                        + "event=\"other\" in the eventbus."));
    }

    @Test
    void argumentsOfTheContextAreACopyThatCannotBeModified() {
        Object[] args = { "a", null };
        this.emitter.emit("order.placed", args);
        args[0] = "changed";

        EmitObservationContext context = (EmitObservationContext) only(DefaultEmitObservationConvention.NAME);
        assertThat(context.getArgs()).containsExactly("a", null);
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> context.getArgs().add("b"));
    }

    private DefaultEmitter emitter(ObservationEmitInterceptor interceptor) {
        return new DefaultEmitter(this.executor, 10, EmitterInstrumentation.NONE, new AnnotatedListenerScanner(),
                interceptor);
    }

    private Observation.Context only(String name) {
        assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(name, 1);
        Observation.Context[] found = new Observation.Context[1];
        assertThat(this.registry).hasAnObservation((observation) -> {
            observation.hasNameEqualTo(name);
            found[0] = (Observation.Context) observation.actual();
        });
        return found[0];
    }

    static class AsyncListener {

        private final TestObservationRegistry registry;

        volatile String thread;

        volatile Observation.ContextView current;

        AsyncListener(TestObservationRegistry registry) {
            this.registry = registry;
        }

        @On(value = "job.run", async = true, id = "job")
        void run() {
            this.thread = Thread.currentThread().getName();
            Observation observation = this.registry.getCurrentObservation();
            this.current = (observation != null) ? observation.getContextView() : null;
        }

    }

    static class FailingAsyncListener {

        private final RuntimeException failure;

        FailingAsyncListener(RuntimeException failure) {
            this.failure = failure;
        }

        @On(value = "job.run", async = true, id = "failing")
        void run() {
            throw this.failure;
        }

    }

    static class StageListener {

        final CompletableFuture<Void> stage = new CompletableFuture<>();

        @On(value = "payment.requested", id = "stage")
        CompletableFuture<Void> run() {
            return this.stage;
        }

    }

    static class GlobalEmitConvention extends DefaultEmitObservationConvention
            implements GlobalObservationConvention<EmitObservationContext> {

        @Override
        public String getName() {
            return "global.emit";
        }

    }

}
