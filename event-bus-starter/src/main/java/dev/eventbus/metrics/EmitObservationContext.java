package dev.eventbus.metrics;

import java.util.List;

import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link Observation.Context} of an {@link EventBusObservationDocumentation#EMIT emit observation}: the emitted
 * name and arguments, the call, and, once the dispatch has ended, its outcome.
 */
public class EmitObservationContext extends Observation.Context {

    private final String event;

    private final List<@Nullable Object> args;

    private final boolean async;

    private volatile @Nullable EmitOutcome outcome;

    /**
     * Creates the context of one emit.
     * @param event the emitted name
     * @param args the emitted arguments, unmodifiable
     * @param async whether the call is {@code emitAsync}
     */
    public EmitObservationContext(String event, List<@Nullable Object> args, boolean async) {
        Assert.notNull(event, "'event' must not be null");
        Assert.notNull(args, "'args' must not be null");
        this.event = event;
        this.args = args;
        this.async = async;
    }

    /**
     * The emitted name.
     * @return the name
     */
    public String getEvent() {
        return this.event;
    }

    /**
     * The emitted arguments.
     * @return the arguments, unmodifiable; they may hold nulls
     */
    public List<@Nullable Object> getArgs() {
        return this.args;
    }

    /**
     * Whether the call is {@code emitAsync} rather than {@code emit}.
     * @return whether the call is {@code emitAsync}
     */
    public boolean isAsync() {
        return this.async;
    }

    /**
     * How the emit ended.
     * @return the outcome, or {@code null} while the dispatch runs
     */
    public @Nullable EmitOutcome getOutcome() {
        return this.outcome;
    }

    /**
     * Records how the emit ended; the bus calls it just before it stops the observation.
     * @param outcome the outcome
     */
    public void setOutcome(EmitOutcome outcome) {
        Assert.notNull(outcome, "'outcome' must not be null");
        this.outcome = outcome;
    }

}
