package dev.eventbus.test;

import java.util.concurrent.atomic.AtomicReference;

import dev.eventbus.Emitter;
import dev.eventbus.ListenerInfo;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.core.EmitterInstrumentation.EmitOutcome;
import dev.eventbus.core.InterceptableBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Records every emit of the emitters it is installed in, with its arguments, its outcome and the listeners that ran
 * for it, into {@link #events()}. It records faithfully what the emitter does: emits that no listener matched
 * (unhandled ones) included, and the {@code "error"} events the emitter raises itself.
 * <p>
 * <b>In a Spring test</b> there is nothing to create: the test starter installs one recorder in the
 * auto-configured {@link Emitter} of every test's application context, and {@link RecordEvents @RecordEvents}
 * makes it record while each test method runs.
 * <p>
 * <b>Without Spring</b>, attach it to an emitter as it is built; it records from the start:
 * <pre class="code">
 * EventRecorder recorder = new EventRecorder();
 * Emitter emitter = recorder.attachTo(Emitter.builder()).build();
 * ...
 * assertThat(recorder.events()).emitted("order.placed").withArgs(order);
 * </pre>
 * <p>
 * <b>Attribution.</b> An emit made on the thread of an async listener, or by a sync listener, belongs to the
 * recording during which its cause was emitted: when a test ends while async work it started is still running, what
 * that work emits later is not recorded into the next test.
 */
public final class EventRecorder implements EmitInterceptor {

    private static final EmitScope NOT_RECORDED = (outcome, failure) -> {
    };

    private static final ListenerRun NOT_RECORDED_RUN = new ListenerRun() {

        @Override
        public void returned() {
        }

        @Override
        public void finished(@Nullable Throwable failure) {
        }
    };

    private final RecordedEvents events;

    /** The emit in progress on each thread, and the recording it belongs to. */
    private final ThreadLocal<@Nullable Frame> frames = new ThreadLocal<>();

    private final AtomicReference<@Nullable String> activeTest = new AtomicReference<>();

    private volatile boolean installed;

    /**
     * Creates a recorder that records from the start.
     */
    public EventRecorder() {
        this(true);
    }

    EventRecorder(boolean recording) {
        this.events = new RecordedEvents(recording);
    }

    /**
     * Installs this recorder in an emitter being built.
     * @param builder a builder from {@link Emitter#builder()}
     * @return the same builder
     * @throws IllegalArgumentException when the builder does not come from {@link Emitter#builder()}
     */
    public Emitter.Builder attachTo(Emitter.Builder builder) {
        return InterceptableBuilder.of(builder).interceptor(this);
    }

    /**
     * The events of the current recording.
     * @return the recorded events; the same object for the recorder's whole life
     */
    public RecordedEvents events() {
        return this.events;
    }

    /**
     * Starts a new recording: the events recorded so far are forgotten, and emits caused by what was emitted
     * before (async listeners still running) are no longer recorded.
     * @return the recorded events
     */
    public RecordedEvents start() {
        this.events.restart();
        return this.events;
    }

    /**
     * Stops recording; the events recorded stay readable until the next {@link #start()}.
     */
    public void stop() {
        this.events.stop();
    }

    /**
     * Whether any emitter has been built with this recorder installed.
     * @return whether an emitter reports to this recorder
     */
    public boolean isInstalled() {
        return this.installed;
    }

    /**
     * Starts the recording of one test, failing when another test records with this recorder at the same time.
     */
    void beginTest(String test) {
        String running = this.activeTest.compareAndExchange(null, test);
        if (running != null) {
            throw new IllegalStateException("Test " + test + " cannot record events while test " + running
                    + " records with the same application context: tests annotated with @RecordEvents that share a "
                    + "context must not run concurrently (run that class with "
                    + "@Execution(ExecutionMode.SAME_THREAD), or give it a context of its own)");
        }
        start();
    }

    void endTest() {
        stop();
        this.activeTest.set(null);
    }

    @Override
    public void installed() {
        this.installed = true;
    }

    @Override
    public EmitScope emitStarted(String event, @Nullable Object[] args, boolean async) {
        Frame parent = this.frames.get();
        if (parent == null && !this.events.isRecording()) {
            return NOT_RECORDED;
        }
        int generation = (parent != null) ? parent.generation : this.events.generation();
        RecordedEvent recorded = this.events.add(generation, event, args, async, Thread.currentThread().getName());
        this.frames.set(new Frame(generation, recorded));
        return (outcome, failure) -> {
            restore(parent);
            if (recorded != null) {
                this.events.dispatched(recorded, outcome(outcome), failure);
            }
        };
    }

    @Override
    public ListenerRun listenerStarted(String event, ListenerInfo listener) {
        Frame frame = this.frames.get();
        RecordedEvent recorded = (frame != null) ? frame.event : null;
        if (recorded == null || !recorded.name().equals(event)) {
            return NOT_RECORDED_RUN;
        }
        ListenerCall call = this.events.listenerStarted(recorded, listener);
        return new ListenerRun() {

            @Override
            public void returned() {
            }

            @Override
            public void finished(@Nullable Throwable failure) {
                EventRecorder.this.events.listenerFinished(call, failure);
            }
        };
    }

    @Override
    public Runnable decorate(Runnable task) {
        Frame frame = this.frames.get();
        if (frame == null) {
            return task;
        }
        return () -> {
            Frame previous = this.frames.get();
            this.frames.set(frame);
            try {
                task.run();
            }
            finally {
                restore(previous);
            }
        };
    }

    private void restore(@Nullable Frame frame) {
        if (frame != null) {
            this.frames.set(frame);
        }
        else {
            this.frames.remove();
        }
    }

    private static RecordedEvent.Outcome outcome(EmitOutcome outcome) {
        return switch (outcome) {
            case DELIVERED -> RecordedEvent.Outcome.DELIVERED;
            case UNHANDLED -> RecordedEvent.Outcome.UNHANDLED;
            case FAILED -> RecordedEvent.Outcome.FAILED;
        };
    }

    /**
     * An emit in progress on a thread (or the one an async listener's task was handed off from): the recording it
     * belongs to, and its recorded event, {@code null} when it is not recorded.
     */
    private record Frame(int generation, @Nullable RecordedEvent event) {
    }

}
