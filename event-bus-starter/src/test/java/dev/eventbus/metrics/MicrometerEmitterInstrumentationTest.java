package dev.eventbus.metrics;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import dev.eventbus.ListenerInfo;
import dev.eventbus.ListenerInvocationException;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.EmitterInstrumentation.EmitterStatistics;
import dev.eventbus.core.EmitterInstrumentation.EventInstruments;
import dev.eventbus.core.EmitterInstrumentation.ListenerInstruments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MicrometerEmitterInstrumentationTest {

    private static final ListenerInfo SYNC_LISTENER = new ListenerInfo("orders#onCreated", "order.*", 0, false, false,
            "");

    private static final ListenerInfo ASYNC_LISTENER = new ListenerInfo("mailer#send", "order.created", 0, true, false,
            "");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RecordedMeters meters = new RecordedMeters(this.registry);

    private final MicrometerEmitterInstrumentation instrumentation = new MicrometerEmitterInstrumentation(
            this.registry, 100);

    @RegisterExtension
    final InstrumentationLog logged = new InstrumentationLog();

    @Test
    void emittedCountsEachOutcomeOnItsOwnCounterTaggedWithEventAndOutcome() {
        EventInstruments instruments = this.instrumentation.forEvent("order.created");

        instruments.emitted(EmitOutcome.DELIVERED);
        instruments.emitted(EmitOutcome.DELIVERED);
        instruments.emitted(EmitOutcome.UNHANDLED);
        instruments.emitted(EmitOutcome.FAILED);

        assertThat(emits("order.created", "delivered").count()).isEqualTo(2);
        assertThat(emits("order.created", "unhandled").count()).isEqualTo(1);
        assertThat(emits("order.created", "failed").count()).isEqualTo(1);
        assertThat(this.registry.find("eventbus.emits").counters()).hasSize(3)
            .allSatisfy((counter) -> assertThat(tagKeys(counter)).containsExactly("event", "outcome"));
    }

    @Test
    void emitOutcomeCounterIsRegisteredAtTheFirstEmitWithThatOutcome() {
        EventInstruments instruments = this.instrumentation.forEvent("order.created");
        assertThat(this.registry.find("eventbus.emits").meters()).isEmpty();

        instruments.emitted(EmitOutcome.UNHANDLED);

        assertThat(this.registry.find("eventbus.emits").counters()).singleElement()
            .satisfies((counter) -> assertThat(counter.getId().getTag("outcome")).isEqualTo("unhandled"));
    }

    @Test
    void instrumentsOfTheSameNameResolvedTwiceCountOnTheSameCounter() {
        this.instrumentation.forEvent("order.created").emitted(EmitOutcome.DELIVERED);
        this.instrumentation.forEvent("order.created").emitted(EmitOutcome.DELIVERED);

        assertThat(this.registry.find("eventbus.emits").counters()).hasSize(1);
        assertThat(emits("order.created", "delivered").count()).isEqualTo(2);
    }

    @Test
    void emittedRecordsOnTheCounterItResolvedWithoutLookingItUpAgain() {
        EventInstruments instruments = this.instrumentation.forEvent("order.created");
        instruments.emitted(EmitOutcome.DELIVERED);
        Counter counter = emits("order.created", "delivered");
        this.registry.remove(counter);

        instruments.emitted(EmitOutcome.DELIVERED);

        assertThat(counter.count()).isEqualTo(2);
        assertThat(this.registry.find("eventbus.emits").meters()).isEmpty();
    }

    @Test
    void forListenerRegistersTheSuccessTimerWithEveryDocumentedTag() {
        this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);

        assertThat(this.registry.find("eventbus.listener").timers()).singleElement()
            .satisfies((timer) -> assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(
                    Tag.of("event", "order.created"), Tag.of("listener", "orders#onCreated"), Tag.of("mode", "sync"),
                    Tag.of("outcome", "success"), Tag.of("exception", "none")))
            .satisfies((timer) -> assertThat(timer.count()).isZero());
    }

    @Test
    void succeededRecordsTheRunTimeOnTheSuccessTimer() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);

        instruments.succeeded(TimeUnit.MILLISECONDS.toNanos(5));
        instruments.succeeded(TimeUnit.MILLISECONDS.toNanos(7));

        Timer timer = listenerTimer("order.created", "orders#onCreated", "sync", "success", "none");
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(7);
    }

    @Test
    void failedRecordsOneErrorTimerPerExceptionClassTaggedWithItsSimpleName() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);

        instruments.failed(TimeUnit.MILLISECONDS.toNanos(3), new IllegalStateException("first"));
        instruments.failed(TimeUnit.MILLISECONDS.toNanos(4), new IllegalStateException("second"));
        instruments.failed(TimeUnit.MILLISECONDS.toNanos(9), new IOException());

        Timer illegalState = listenerTimer("order.created", "orders#onCreated", "sync", "error",
                "IllegalStateException");
        assertThat(illegalState.count()).isEqualTo(2);
        assertThat(illegalState.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
        assertThat(listenerTimer("order.created", "orders#onCreated", "sync", "error", "IOException").count())
            .isEqualTo(1);
        assertThat(listenerTimer("order.created", "orders#onCreated", "sync", "success", "none").count()).isZero();
        assertThat(this.registry.find("eventbus.listener").timers()).hasSize(3);
    }

    @Test
    void failedTagsTheListenersOwnExceptionRatherThanTheWrapperAroundIt() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);

        instruments.failed(1, new ListenerInvocationException("order.created", "orders#onCreated", new IOException()));
        instruments.failed(1, new CompletionException(new IllegalStateException()));

        assertThat(listenerTimer("order.created", "orders#onCreated", "sync", "error", "IOException").count())
            .isEqualTo(1);
        assertThat(listenerTimer("order.created", "orders#onCreated", "sync", "error", "IllegalStateException")
            .count()).isEqualTo(1);
    }

    @Test
    void failedTagsAnAnonymousExceptionClassWithItsFullName() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);
        RuntimeException anonymous = new RuntimeException() {
        };

        instruments.failed(1, anonymous);

        assertThat(listenerTimer("order.created", "orders#onCreated", "sync", "error", anonymous.getClass().getName())
            .count()).isEqualTo(1);
    }

    @Test
    void asyncListenerTimersAreTaggedModeAsync() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(ASYNC_LISTENER);

        instruments.succeeded(1);
        instruments.failed(1, new IllegalStateException());

        assertThat(listenerTimer("order.created", "mailer#send", "async", "success", "none").count()).isEqualTo(1);
        assertThat(listenerTimer("order.created", "mailer#send", "async", "error", "IllegalStateException").count())
            .isEqualTo(1);
    }

    @Test
    void waitedRecordsOnTheWaitTimerTaggedWithEventAndListenerOnly() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(ASYNC_LISTENER);

        instruments.waited(TimeUnit.MILLISECONDS.toNanos(2));

        Timer wait = this.registry.get("eventbus.listener.wait").timer();
        assertThat(wait.getId().getTags()).containsExactlyInAnyOrder(Tag.of("event", "order.created"),
                Tag.of("listener", "mailer#send"));
        assertThat(wait.count()).isEqualTo(1);
        assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(listenerTimer("order.created", "mailer#send", "async", "success", "none").count()).isZero();
    }

    @Test
    void syncListenerHasNoWaitTimer() {
        this.instrumentation.forEvent("order.created").forListener(SYNC_LISTENER);

        assertThat(this.registry.find("eventbus.listener.wait").meters()).isEmpty();
    }

    @Test
    void listenerInstrumentsRecordOnTheTimersTheyResolvedWithoutLookingThemUpAgain() {
        ListenerInstruments instruments = this.instrumentation.forEvent("order.created").forListener(ASYNC_LISTENER);
        instruments.failed(1, new IllegalStateException());
        Timer success = listenerTimer("order.created", "mailer#send", "async", "success", "none");
        Timer error = listenerTimer("order.created", "mailer#send", "async", "error", "IllegalStateException");
        Timer wait = this.registry.get("eventbus.listener.wait").timer();
        this.registry.clear();

        instruments.succeeded(1);
        instruments.failed(1, new IllegalStateException());
        instruments.waited(1);

        assertThat(this.registry.getMeters()).isEmpty();
        assertThat(success.count()).isEqualTo(1);
        assertThat(error.count()).isEqualTo(2);
        assertThat(wait.count()).isEqualTo(1);
    }

    @Test
    void bindToRegistersGaugesThatReadTheLiveStatistics() {
        MutableStatistics statistics = new MutableStatistics();
        this.instrumentation.bindTo(statistics);

        statistics.registrations.set(7);
        statistics.pendingAsync.set(3);

        assertThat(this.registry.get("eventbus.listeners").gauge().value()).isEqualTo(7);
        assertThat(this.registry.get("eventbus.async.pending").gauge().value()).isEqualTo(3);
        assertThat(this.registry.get("eventbus.listeners").gauge().getId().getTags()).isEmpty();
        assertThat(this.registry.get("eventbus.async.pending").gauge().getId().getTags()).isEmpty();
    }

    @Test
    void gaugesKeepReadingStatisticsNothingElseReferences() {
        this.instrumentation.bindTo(new MutableStatistics(5, 2));

        System.gc();

        assertThat(this.registry.get("eventbus.listeners").gauge().value()).isEqualTo(5);
        assertThat(this.registry.get("eventbus.async.pending").gauge().value()).isEqualTo(2);
    }

    @Test
    void everyMeterHasADescriptionAndTheListenersGaugeCountsListeners() {
        this.instrumentation.bindTo(new MutableStatistics(1, 0));
        EventInstruments event = this.instrumentation.forEvent("order.created");
        event.emitted(EmitOutcome.DELIVERED);
        event.emitted(EmitOutcome.UNHANDLED);
        event.emitted(EmitOutcome.FAILED);
        ListenerInstruments listener = event.forListener(ASYNC_LISTENER);
        listener.failed(1, new IllegalStateException());

        assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
            .containsOnly("eventbus.emits", "eventbus.listener", "eventbus.listener.wait", "eventbus.listeners",
                    "eventbus.async.pending", "eventbus.async.rejections", "eventbus.async.abandoned")
            .as("the shutdown counters of the async listener are registered with its other meters")
            .hasSize(10);
        assertThat(this.registry.getMeters())
            .allSatisfy((meter) -> assertThat(meter.getId().getDescription()).isNotBlank());
        assertThat(this.registry.get("eventbus.listeners").gauge().getId().getBaseUnit()).isEqualTo("listeners");
    }

    @Test
    void aNameTooLongToBeATagIsRecordedAsOtherWithoutTakingASlot() {
        MicrometerEmitterInstrumentation capped = new MicrometerEmitterInstrumentation(this.registry, 1);

        capped.forEvent("probe." + "x".repeat(EventTagLimiter.MAX_TAG_LENGTH)).emitted(EmitOutcome.UNHANDLED);
        capped.forEvent("order.created").emitted(EmitOutcome.DELIVERED);

        assertThat(eventTags("eventbus.emits")).containsExactlyInAnyOrder("other", "order.created");
    }

    @Test
    void namesPastTheLimitAreTaggedOtherWithOneWarning() {
        MicrometerEmitterInstrumentation capped = new MicrometerEmitterInstrumentation(this.registry, 2);

        capped.forEvent("a").emitted(EmitOutcome.DELIVERED);
        capped.forEvent("b").emitted(EmitOutcome.DELIVERED);
        capped.forEvent("c").emitted(EmitOutcome.DELIVERED);
        capped.forEvent("d").emitted(EmitOutcome.DELIVERED);
        capped.forEvent("d").forListener(SYNC_LISTENER).succeeded(1);

        assertThat(eventTags("eventbus.emits")).containsExactlyInAnyOrder("a", "b", "other");
        assertThat(emits("other", "delivered").count()).isEqualTo(2);
        assertThat(listenerTimer("other", "orders#onCreated", "sync", "success", "none").count()).isEqualTo(1);
        assertThat(this.logged.events()).singleElement().satisfies((event) -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("'c'", "2", "eventbus.metrics.max-event-tags");
        });
    }

    @Test
    void namesPastTheLimitShareOneInstrumentsSoTheyResolveNoMetersOfTheirOwn() {
        MicrometerEmitterInstrumentation capped = new MicrometerEmitterInstrumentation(this.registry, 1);
        capped.forEvent("a");

        assertThat(capped.forEvent("b")).isSameAs(capped.forEvent("c"));
        assertThat(capped.forEvent("a")).isNotSameAs(capped.forEvent("b"));
    }

    @Test
    void namesAdmittedBeforeTheLimitKeepTheirTagAndNamesPastItNeverGetOne() {
        MicrometerEmitterInstrumentation capped = new MicrometerEmitterInstrumentation(this.registry, 2);
        capped.forEvent("a");
        capped.forEvent("b");
        capped.forEvent("c");

        capped.forEvent("a").emitted(EmitOutcome.DELIVERED);
        capped.forEvent("c").emitted(EmitOutcome.DELIVERED);

        assertThat(emits("a", "delivered").count()).isEqualTo(1);
        assertThat(emits("other", "delivered").count()).isEqualTo(1);
        assertThat(this.registry.find("eventbus.emits").tag("event", "c").meters()).isEmpty();
    }

    @Test
    void maxEventTagsBelowOneIsRejectedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MicrometerEmitterInstrumentation(this.registry, 0))
            .withMessageContaining("0")
            .withMessageContaining("max-event-tags");
        assertThatIllegalArgumentException().isThrownBy(() -> new MicrometerEmitterInstrumentation(this.registry, -5))
            .withMessageContaining("-5");
    }

    private Counter emits(String event, String outcome) {
        return this.meters.emits(event, outcome);
    }

    private Timer listenerTimer(String event, String listener, String mode, String outcome, String exception) {
        return this.meters.listenerTimer(event, listener, mode, outcome, exception);
    }

    private Set<String> eventTags(String meterName) {
        return this.registry.find(meterName)
            .meters()
            .stream()
            .map((meter) -> meter.getId().getTag("event"))
            .collect(Collectors.toSet());
    }

    private static List<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).toList();
    }

    private static final class MutableStatistics implements EmitterStatistics {

        final AtomicInteger registrations = new AtomicInteger();

        final AtomicInteger pendingAsync = new AtomicInteger();

        MutableStatistics() {
        }

        MutableStatistics(int registrations, int pendingAsync) {
            this.registrations.set(registrations);
            this.pendingAsync.set(pendingAsync);
        }

        @Override
        public int registrations() {
            return this.registrations.get();
        }

        @Override
        public int pendingAsync() {
            return this.pendingAsync.get();
        }
    }
}
