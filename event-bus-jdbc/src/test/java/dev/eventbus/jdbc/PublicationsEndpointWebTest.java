package dev.eventbus.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.sql.DataSource;

import dev.eventbus.Emitter;
import dev.eventbus.On;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code eventbuspublications} endpoint over HTTP, as an operator reaches it.
 */
class PublicationsEndpointWebTest {

    private final ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "spring.datasource.url=" + Applications.newH2(),
                "management.endpoints.web.exposure.include=eventbuspublications",
                "eventbus.durable.retry.max-attempts=1", "spring.main.banner-mode=off",
                "spring.web.error.include-message=always")
        .run();

    private final HttpClient http = HttpClient.newHttpClient();

    private final String base = "http://localhost:"
            + ((WebServerApplicationContext) this.context).getWebServer().getPort()
            + "/actuator/eventbuspublications";

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void readListsTheFailedPublicationAndWriteRetriesItOrRefusesWithTheReason() throws Exception {
        this.context.getBean(Emitter.class).emit("refund.due", "r-1");
        PublicationRows rows = new PublicationRows(this.context.getBean(DataSource.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> rows.count("failed") == 1);
        String eventId = (String) rows.all().get(0).get("EVENT_ID");

        HttpResponse<String> read = this.http.send(HttpRequest.newBuilder(URI.create(this.base)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"counts\":{\"owed\":0,\"failed\":1,\"completed\":0}")
            .contains("\"listeners\":{\"refund\":{\"failed\":1}}")
            .contains("\"lastError\":\"java.lang.IllegalStateException: refunds are closed\"");

        HttpResponse<String> unknown = post("{\"eventId\":\"" + eventId + "\",\"listenerId\":\"refund\","
                + "\"action\":\"resend\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown action 'resend': use retry or discard");

        HttpResponse<String> retried = post("{\"eventId\":\"" + eventId + "\",\"listenerId\":\"refund\","
                + "\"action\":\"retry\"}");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"status\":\"owed\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.context.getBean(Refunds.class).calls == 2);

        HttpResponse<String> missing = post("{\"eventId\":\"no-such-event\",\"listenerId\":\"refund\","
                + "\"action\":\"discard\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("No failed publication of event no-such-event for listener 'refund'");
    }

    private HttpResponse<String> post(String json) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create(this.base))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    static class Refunds {

        volatile int calls;

        @On(value = "refund.due", id = "refund", durable = true)
        void refund(String id) {
            this.calls++;
            throw new IllegalStateException("refunds are closed");
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Refunds.class)
    static class App {

    }

}
