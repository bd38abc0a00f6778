package dev.eventbus.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bus closes after the web server's graceful shutdown: a request still in flight when the application starts
 * to stop can emit, because the bus is closed only once the server has stopped taking requests and finished those
 * it had.
 */
class EventBusWebShutdownOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void requestInFlightWhenTheApplicationStopsCanStillEmit() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class)
            .properties("server.port=0", "server.shutdown=graceful", "spring.main.banner-mode=off")
            .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        SlowController controller = context.getBean(SlowController.class);
        Orders orders = context.getBean(Orders.class);
        CompletableFuture<HttpResponse<String>> inFlight = this.http.sendAsync(request(port, "/order"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(controller.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
        // the graceful shutdown is under way once the server refuses new requests
        await().atMost(TIMEOUT).until(() -> refuses(port));
        controller.release.countDown();

        HttpResponse<String> response = inFlight.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("delivered=true");
        assertThat(orders.received).containsExactly("o-1");
    }

    private boolean refuses(int port) {
        try {
            this.http.send(request(port, "/ping"), HttpResponse.BodyHandlers.ofString());
            return false;
        }
        catch (IOException ex) {
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(TIMEOUT).build();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        SlowController slowController(Emitter emitter) {
            return new SlowController(emitter);
        }

        @Bean
        Orders orders() {
            return new Orders();
        }

    }

    @RestController
    static class SlowController {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        private final Emitter emitter;

        SlowController(Emitter emitter) {
            this.emitter = emitter;
        }

        @GetMapping("/order")
        String order() throws InterruptedException {
            this.entered.countDown();
            this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return "delivered=" + this.emitter.emit("order.placed", "o-1");
        }

        @GetMapping("/ping")
        String ping() {
            return "pong";
        }

    }

    static class Orders {

        final List<String> received = new CopyOnWriteArrayList<>();

        @On("order.placed")
        public void placed(String orderId) {
            this.received.add(orderId);
        }

    }

}
