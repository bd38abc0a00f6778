package dev.eventbus.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Observes every emit and every listener invocation with Micrometer's Observation API (see
 * {@link EventBusObservationDocumentation}).
 * <p>
 * The emit's observation is current on the emitting thread while its listeners are dispatched, and an invocation's
 * while its listener runs, so a listener's observation is a child of its emit's and a nested emit's a child of the
 * listener's. For an async listener the emit's observation is carried to the executor's thread: when the task runs
 * there without it (no context propagation on the executor), {@link #decorate} opens it around the run.
 * <p>
 * An emit observation stops when the dispatch ends, so an async listener's observation usually outlives its parent,
 * as a consumer's span outlives its producer's. Instances are thread-safe.
 */
public final class ObservationEmitInterceptor implements EmitInterceptor {

    private static final Log logger = LogFactory.getLog(ObservationEmitInterceptor.class);

    private static final EmitScope NOT_OBSERVED_EMIT = (outcome, failure) -> {
    };

    private static final ListenerRun NOT_OBSERVED_RUN = new ListenerRun() {

        @Override
        public void returned() {
        }

        @Override
        public void finished(@Nullable Throwable failure) {
        }
    };

    private final ObservationRegistry registry;

    private final @Nullable EmitObservationConvention emitConvention;

    private final EmitObservationConvention defaultEmitConvention;

    private final @Nullable InvocationObservationConvention invocationConvention;

    private final InvocationObservationConvention defaultInvocationConvention;

    /**
     * Creates an interceptor with the default conventions, unless the registry configures global ones.
     * @param registry the registry the observations are made with
     */
    public ObservationEmitInterceptor(ObservationRegistry registry) {
        this(registry, null, null, new DefaultEmitObservationConvention(),
                new DefaultInvocationObservationConvention());
    }

    /**
     * Creates an interceptor.
     * @param registry the registry the observations are made with
     * @param emitConvention the convention of emit observations, overriding any other, or {@code null} for the
     * registry's global convention, else {@code defaultEmitConvention}
     * @param invocationConvention the convention of invocation observations, overriding any other, or {@code null}
     * for the registry's global convention, else {@code defaultInvocationConvention}
     * @param defaultEmitConvention the default convention of emit observations
     * @param defaultInvocationConvention the default convention of invocation observations
     */
    public ObservationEmitInterceptor(ObservationRegistry registry, @Nullable EmitObservationConvention emitConvention,
            @Nullable InvocationObservationConvention invocationConvention,
            DefaultEmitObservationConvention defaultEmitConvention,
            DefaultInvocationObservationConvention defaultInvocationConvention) {
        Assert.notNull(registry, "'registry' must not be null");
        Assert.notNull(defaultEmitConvention, "'defaultEmitConvention' must not be null");
        Assert.notNull(defaultInvocationConvention, "'defaultInvocationConvention' must not be null");
        this.registry = registry;
        this.emitConvention = emitConvention;
        this.invocationConvention = invocationConvention;
        this.defaultEmitConvention = defaultEmitConvention;
        this.defaultInvocationConvention = defaultInvocationConvention;
    }

    @Override
    public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
        Observation observation = EventBusObservationDocumentation.EMIT.observation(this.emitConvention,
                this.defaultEmitConvention, () -> new EmitObservationContext(event, copyOf(args), async),
                this.registry);
        if (observation.isNoop()) {
            return NOT_OBSERVED_EMIT;
        }
        EmitObservationContext context = (EmitObservationContext) observation.getContext();
        observation.start();
        Observation.Scope scope = observation.openScope();
        return (outcome, failure) -> {
            context.setOutcome(outcome);
            if (failure != null) {
                recordError(observation, failure);
            }
            scope.close();
            observation.stop();
        };
    }

    @Override
    public ListenerRun listenerStarted(String event, ListenerInfo listener) {
        Observation observation = EventBusObservationDocumentation.INVOCATION.observation(this.invocationConvention,
                this.defaultInvocationConvention, () -> new InvocationObservationContext(event, listener),
                this.registry);
        if (observation.isNoop()) {
            return NOT_OBSERVED_RUN;
        }
        InvocationObservationContext context = (InvocationObservationContext) observation.getContext();
        observation.start();
        return new ObservedRun(observation, context, observation.openScope());
    }

    @Override
    public Runnable decorate(Runnable task) {
        Observation parent = this.registry.getCurrentObservation();
        if (parent == null) {
            return task;
        }
        return () -> {
            if (this.registry.getCurrentObservation() == parent) {
                // the executor propagated the context already
                task.run();
                return;
            }
            try (Observation.Scope scope = parent.openScope()) {
                task.run();
            }
        };
    }

    private static List<@Nullable Object> copyOf(@Nullable Object[] args) {
        return (args.length != 0) ? Collections.unmodifiableList(Arrays.asList(args.clone())) : List.of();
    }

    /**
     * One observed invocation: its scope ends when the listener returns, its observation when its work finishes.
     */
    private static final class ObservedRun implements ListenerRun {

        private final Observation observation;

        private final InvocationObservationContext context;

        private final Observation.Scope scope;

        ObservedRun(Observation observation, InvocationObservationContext context, Observation.Scope scope) {
            this.observation = observation;
            this.context = context;
            this.scope = scope;
        }

        @Override
        public void returned() {
            this.scope.close();
        }

        @Override
        public void finished(@Nullable Throwable failure) {
            this.context.setFinished();
            if (failure != null) {
                recordError(this.observation, failure);
            }
            this.observation.stop();
        }

    }

    /**
     * Records a failure on an observation. A handler that fails on it (a tracing handler reading the message of an
     * exception whose {@code getMessage()} throws) must not keep the observation from stopping or its scope from
     * closing, nor reach the listener's caller: its failure is logged, and the observation goes on without the
     * error.
     */
    private static void recordError(Observation observation, Throwable failure) {
        try {
            observation.error(failure);
        }
        catch (RuntimeException ex) {
            logger.warn("An observation handler failed to record a " + failure.getClass().getName()
                    + "; the observation is stopped without it", ex);
        }
    }

}
