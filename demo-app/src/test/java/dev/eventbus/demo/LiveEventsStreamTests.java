package dev.eventbus.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The live page and its server-sent events, over real HTTP: what a browser's {@code EventSource} receives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class LiveEventsStreamTests {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient http;

    private final List<Stream<String>> streams = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        this.streams.forEach(Stream::close);
    }

    @Test
    void livePageIsServedAtTheRootWithItsScript() {
        this.http.get()
            .uri("/")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .value((html) -> assertThat(html).contains("id=\"place-order\"", "id=\"events\"", "src=\"live.js\""));
        this.http.get().uri("/live.js").exchange().expectStatus().isOk();
    }

    @Test
    void streamSendsEachNewEmitWithItsOutcomeAfterReady() throws Exception {
        BlockingQueue<ServerSentEvent> stream = open();
        next(stream, "ready", (data) -> true);

        this.http.post().uri("/invoices/INV-7/paid").exchange().expectStatus().isAccepted();

        JsonNode emit = next(stream, "emit", (data) -> "invoice.paid".equals(data.path("event").asString()));
        assertThat(emit.path("outcome").asString()).isEqualTo("unhandled");
        assertThat(emit.path("count").asLong()).isEqualTo(1);
        JsonNode sample = next(stream, "sample", (data) -> data.path("emitsPerSecond").path("unhandled").asDouble() > 0);
        assertThat(sample.path("registrations").asDouble()).isPositive();
    }

    @Test
    void streamCarriesListenerRunTimesInItsSamples() throws Exception {
        BlockingQueue<ServerSentEvent> stream = open();
        next(stream, "ready", (data) -> true);

        this.http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"item\":\"pen\",\"quantity\":1,\"amount\":3}")
            .exchange()
            .expectStatus()
            .isCreated();

        JsonNode sample = next(stream, "sample", (data) -> data.path("meanLatencyMillis").has("payment"));
        assertThat(sample.path("meanLatencyMillis").path("payment").asDouble()).as("the provider takes 20 ms or more")
            .isGreaterThanOrEqualTo(20);
    }

    @Test
    void aPageThatConnectsLateGetsTheRecentEmitsBeforeReady() throws Exception {
        this.http.post().uri("/invoices/INV-8/paid").exchange().expectStatus().isAccepted();
        BlockingQueue<ServerSentEvent> first = open();
        // published once the feed has looked at the meters: before ready (in the history) or after it
        next(first, "emit", (data) -> "invoice.paid".equals(data.path("event").asString()));

        BlockingQueue<ServerSentEvent> late = open();

        List<String> names = new ArrayList<>();
        ServerSentEvent event;
        do {
            event = poll(late);
            names.add(event.name() + ":" + (event.name().equals("emit") ? event.json().path("event").asString() : ""));
        }
        while (!event.name().equals("ready"));
        assertThat(names).contains("emit:invoice.paid", "sample:").endsWith("ready:");
    }

    private BlockingQueue<ServerSentEvent> open() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/live/events"))
            .header("Accept", MediaType.TEXT_EVENT_STREAM_VALUE)
            .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue());
        Stream<String> lines = response.body();
        this.streams.add(lines);
        BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> ServerSentEvent.parse(lines, events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static JsonNode next(BlockingQueue<ServerSentEvent> stream, String name, Predicate<JsonNode> matching)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ServerSentEvent event = poll(stream);
            if (event.name().equals(name) && matching.test(event.json())) {
                return event.json();
            }
        }
        return fail("No matching '" + name + "' event within " + TIMEOUT);
    }

    private static ServerSentEvent poll(BlockingQueue<ServerSentEvent> stream) throws InterruptedException {
        ServerSentEvent event = stream.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            return fail("The stream sent nothing for " + TIMEOUT);
        }
        return event;
    }

    /**
     * One server-sent event: its {@code event:} name and its {@code data:}.
     */
    record ServerSentEvent(String name, String data) {

        JsonNode json() {
            return this.data.isEmpty() ? JsonMapper.shared().missingNode() : JsonMapper.shared().readTree(this.data);
        }

        /** Reads lines until the stream ends, one event per blank-line-terminated block. */
        static void parse(Stream<String> lines, BlockingQueue<ServerSentEvent> events) {
            String[] name = { "message" };
            StringBuilder data = new StringBuilder();
            try {
                lines.forEach((line) -> {
                    if (line.isEmpty()) {
                        events.add(new ServerSentEvent(name[0], data.toString()));
                        name[0] = "message";
                        data.setLength(0);
                    }
                    else if (line.startsWith("event:")) {
                        name[0] = line.substring("event:".length()).strip();
                    }
                    else if (line.startsWith("data:")) {
                        data.append((data.length() > 0) ? "\n" : "").append(line.substring("data:".length()));
                    }
                });
            }
            catch (RuntimeException ex) {
                // the test closed the stream
            }
        }
    }
}
