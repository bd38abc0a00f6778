package dev.eventbus.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import dev.eventbus.demo.BusMeters.EmitActivity;
import dev.eventbus.demo.BusMeters.LiveSample;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes the bus's activity to every open live page as server-sent events: {@code emit} for each name and outcome
 * emitted since the last look (five looks a second), and a {@code sample} of rates and listener run times every
 * second. A page that connects gets the recent history first, then {@code ready}.
 */
@Component
class LiveFeed {

    static final int HISTORY_EMITS = 50;

    static final int HISTORY_SAMPLES = 60;

    /** A page's browser reconnects by itself when its stream ends, and starts again from the history. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final BusMeters meters;

    private final Set<SseEmitter> pages = new CopyOnWriteArraySet<>();

    private final Deque<EmitActivity> recentEmits = new ArrayDeque<>();

    private final Deque<LiveSample> recentSamples = new ArrayDeque<>();

    private boolean closed;

    LiveFeed(MeterRegistry registry) {
        this.meters = new BusMeters(registry);
    }

    /**
     * Opens a stream for one page. History and live events are sent under one lock, so a page sees each entry once
     * and in order.
     * @return the stream
     */
    synchronized SseEmitter subscribe() {
        SseEmitter page = new SseEmitter(STREAM_TIMEOUT.toMillis());
        if (this.closed) {
            page.complete();
            return page;
        }
        try {
            for (EmitActivity emit : this.recentEmits) {
                page.send(event("emit", emit));
            }
            for (LiveSample sample : this.recentSamples) {
                page.send(event("sample", sample));
            }
            page.send(SseEmitter.event().name("ready").data(""));
        }
        catch (IOException ex) {
            page.completeWithError(ex);
            return page;
        }
        page.onCompletion(() -> this.pages.remove(page));
        page.onError((ex) -> this.pages.remove(page));
        this.pages.add(page);
        return page;
    }

    @Scheduled(fixedDelay = 200)
    void publishEmits() {
        List<EmitActivity> emits = this.meters.newEmits();
        if (!emits.isEmpty()) {
            synchronized (this) {
                for (EmitActivity emit : emits) {
                    keep(this.recentEmits, emit, HISTORY_EMITS);
                    broadcast("emit", emit);
                }
            }
        }
    }

    @Scheduled(fixedRate = 1000)
    void publishSample() {
        LiveSample sample = this.meters.sample();
        synchronized (this) {
            keep(this.recentSamples, sample, HISTORY_SAMPLES);
            broadcast("sample", sample);
        }
    }

    /**
     * Ends every stream before the web server shuts down gracefully, which would otherwise wait for them.
     */
    @EventListener(ContextClosedEvent.class)
    synchronized void close() {
        this.closed = true;
        this.pages.forEach(SseEmitter::complete);
        this.pages.clear();
    }

    private void broadcast(String name, Object data) {
        for (SseEmitter page : this.pages) {
            try {
                page.send(event(name, data));
            }
            catch (IOException | IllegalStateException ex) {
                // The page has gone (or its stream timed out): the servlet container completes its request.
                this.pages.remove(page);
            }
        }
    }

    private static SseEmitter.SseEventBuilder event(String name, Object data) {
        return SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON);
    }

    private static <T> void keep(Deque<T> history, T entry, int limit) {
        history.addLast(entry);
        if (history.size() > limit) {
            history.removeFirst();
        }
    }
}
