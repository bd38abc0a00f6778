package dev.eventbus.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eventbus.core.AnnotatedListenerScanner;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.core.EmitterInstrumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A handler that fails while recording a failure (a tracing handler reading the message of an exception whose
 * {@code getMessage()} throws) keeps neither the observations from stopping nor their scopes from closing, and the
 * listener's own failure still reaches its caller.
 */
class FailingObservationHandlerTest {

    private final List<String> stopped = new CopyOnWriteArrayList<>();

    private final ObservationRegistry registry = ObservationRegistry.create();

    {
        this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

            @Override
            public void onError(Observation.Context context) {
                throw new IllegalArgumentException("the handler could not read the failure");
            }

            @Override
            public void onStop(Observation.Context context) {
                FailingObservationHandlerTest.this.stopped.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    @Test
    void theListenersFailureReachesItsCallerAndEveryObservationStopsAndCloses() {
        DefaultEmitter emitter = new DefaultEmitter(Runnable::run, 10, EmitterInstrumentation.NONE,
                new AnnotatedListenerScanner(), new ObservationEmitInterceptor(this.registry));
        emitter.on("order.placed", (event) -> {
            throw new IllegalStateException("out of stock");
        });

        assertThatIllegalStateException().isThrownBy(() -> emitter.emit("order.placed", "o-1"))
            .withMessage("out of stock");

        assertThat(this.stopped).containsExactlyInAnyOrder("eventbus.invocation", "eventbus.emit");
        assertThat(this.registry.getCurrentObservation()).as("no scope left open on the thread").isNull();
    }

}
