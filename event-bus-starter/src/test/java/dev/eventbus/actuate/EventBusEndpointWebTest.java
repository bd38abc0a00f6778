package dev.eventbus.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EventBusEndpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=eventbus", "spring.web.error.include-message=always" })
@AutoConfigureRestTestClient
class EventBusEndpointWebTest {

    @Autowired
    private RestTestClient client;

    @Test
    void listsEveryRegistrationInRegistrationOrderAndTheEventNames() {
        this.client.get().uri("/actuator/eventbus").exchange().expectStatus().isOk().expectBody().json("""
                {
                  "listeners": [
                    {"id": "orderListeners#audit", "pattern": "order.*", "order": -5, "async": true, "once": false, "condition": "", "phase": "IMMEDIATE", "durable": false, "instances": "THIS", "ordered": false},
                    {"id": "orderListeners#onCreated", "pattern": "order.created", "order": 10, "async": false, "once": false, "condition": "", "phase": "IMMEDIATE", "durable": false, "instances": "THIS", "ordered": false},
                    {"id": "shipping", "pattern": "order.shipped", "order": 0, "async": false, "once": false, "condition": "#args.length > 0", "phase": "IMMEDIATE", "durable": false, "instances": "THIS", "ordered": false}
                  ],
                  "eventNames": ["order.*", "order.created", "order.shipped"]
                }
                """, JsonCompareMode.STRICT);
    }

    @Test
    void listsTheListenersAnEventWouldReachInDispatchOrder() {
        this.client.get().uri("/actuator/eventbus/order.created").exchange().expectStatus().isOk().expectBody().json("""
                {
                  "event": "order.created",
                  "listeners": [
                    {"id": "orderListeners#audit", "pattern": "order.*", "order": -5, "async": true, "once": false, "condition": "", "phase": "IMMEDIATE", "durable": false, "instances": "THIS", "ordered": false},
                    {"id": "orderListeners#onCreated", "pattern": "order.created", "order": 10, "async": false, "once": false, "condition": "", "phase": "IMMEDIATE", "durable": false, "instances": "THIS", "ordered": false}
                  ]
                }
                """, JsonCompareMode.STRICT);
    }

    @Test
    void anEventNobodyListensToHasNoListeners() {
        this.client.get().uri("/actuator/eventbus/invoice.paid").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.event").isEqualTo("invoice.paid")
            .jsonPath("$.listeners").isEmpty();
    }

    @Test
    void aPatternIsABadRequestExplainingThatPatternsAreNotEventNamesAndSuggestingAConcreteName() {
        this.client.get().uri("/actuator/eventbus/order.*").exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.message").value(String.class, (message) -> assertThat(message)
                .contains("'order.*' is a pattern, and patterns are not event names")
                .contains("Try a concrete name, such as 'order.created'"));
    }

    @Test
    void anInvalidEventNameIsABadRequestNamingTheValue() {
        this.client.get().uri("/actuator/eventbus/order..created").exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.message").value(String.class, (message) -> assertThat(message).contains("order..created"));
    }

}
