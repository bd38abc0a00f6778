package dev.eventbus.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(classes = EventBusEndpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health")
@AutoConfigureRestTestClient
class EventBusEndpointNotExposedWebTest {

    @Autowired
    private RestTestClient client;

    @Test
    void endpointIsNotFoundWhenTheApplicationDoesNotExposeIt() {
        this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        this.client.get().uri("/actuator/eventbus").exchange().expectStatus().isNotFound();
        this.client.get().uri("/actuator/eventbus/order.created").exchange().expectStatus().isNotFound();
    }

}
