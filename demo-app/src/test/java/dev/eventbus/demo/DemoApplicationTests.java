package dev.eventbus.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.eventbus.ListenerFailure;
import dev.eventbus.test.RecordEvents;
import dev.eventbus.test.RecordedEvents;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the demo over HTTP, as the README does with curl, and checks what it emitted with
 * {@link RecordEvents @RecordEvents}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
@RecordEvents
class DemoApplicationTests {

    /** Generous: only a failing test waits this long, and the build machine may be heavily loaded. */
    private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    private RestTestClient http;

    @Test
    void greetsHelloWorldAtStartup() {
        // the greeting is logged once, when the context starts, which may have been for another test class that
        // shares the cached context; the bus's meters keep it
        assertThat(getObject("/actuator/metrics/eventbus.listener?tag=event:greet&tag=outcome:success"))
            .extractingByKey("measurements", InstanceOfAssertFactories.LIST)
            .anySatisfy((measurement) -> assertThat(measurement).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("statistic", "COUNT")
                .hasEntrySatisfying("value", (count) -> assertThat((Double) count).isGreaterThanOrEqualTo(1.0)));
        assertThat(getObject("/actuator/metrics/eventbus.listener?tag=event:greet"))
            .extractingByKey("availableTags", InstanceOfAssertFactories.LIST)
            .anySatisfy((tag) -> assertThat(tag).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("tag", "listener")
                .containsEntry("values", List.of("greeter#greet")));
    }

    @Test
    void placedOrderIsReservedAuditedPaidAndMailed(RecordedEvents events) {
        int booksBefore = stock("book");

        Order order = place("book", 2, "42.5");

        assertThat(order.id()).isPositive();
        assertThat(order.item()).isEqualTo("book");
        assertThat(order.amount()).isEqualByComparingTo("42.5");
        assertThat(stock("book")).as("reserved by the sync listener before the response").isEqualTo(booksBefore - 2);
        assertThat(events).emitted("order.placed")
            .withArgs(order)
            .delivered()
            .handledBy("audit#record", "inventory#reserve");
        assertThat(getJson("/orders")).anySatisfy((placed) -> assertThat(placed).containsEntry("item", "book")
            .containsEntry("id", (int) order.id()));
        assertThat(events).within(ASYNC_TIMEOUT)
            .emitted("order.paid")
            .withArgs(order)
            .handledBy("audit#record", "mailer#send");
        assertThat(events).within(ASYNC_TIMEOUT).emitted("order.placed").withArgs(order).handledBy("payment",
                "mailer#send");
        assertThat(events).emittedInOrder("order.placed", "order.paid");
        assertThat(auditedEvents(order.id())).as("the audit trail over HTTP").containsExactly("order.placed",
                "order.paid");
    }

    @Test
    void bigOrdersAloneReachTheSalesDesk(RecordedEvents events) {
        Order small = place("pen", 1, "2.5");
        Order big = place("pen", 100, "250");

        assertThat(events).emitted("order.placed").withArgs(big).handledBy("salesDesk#thankBigSpender");
        assertThat(events).emitted("order.placed").withArgs(small).notHandledBy("salesDesk#thankBigSpender");
    }

    @Test
    void firstOrderIsCelebratedOnceAndItsListenerRemoved(CapturedOutput output, RecordedEvents events) {
        Order first = place("book", 1, "10");
        Order second = place("book", 1, "10");

        // the context is cached and shared: another test (of this class or of another one that ran first) may
        // have placed the application's first order
        if (first.id() == 1) {
            assertThat(events).emitted("order.placed").withArgs(first).handledBy("celebrations#firstOrder");
            assertThat(output.getOut()).contains("First order ever: #1 (1 x book)");
        }
        else {
            assertThat(events).emitted("order.placed").withArgs(first).notHandledBy("celebrations#firstOrder");
        }
        assertThat(events).emitted("order.placed").withArgs(second).notHandledBy("celebrations#firstOrder");
        assertThat(output.getOut().split("First order ever", -1)).as("logged at most once").hasSizeLessThan(3);
        assertThat(listenerIds("/actuator/eventbus/order.placed")).contains("inventory#reserve")
            .doesNotContain("celebrations#firstOrder");
    }

    @Test
    void outOfStockOrderFailsTheRequestAndIsNotKept(RecordedEvents events) {
        int mugsBefore = stock("mug");
        int ordersBefore = getJson("/orders").size();

        this.http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("item", "mug", "quantity", mugsBefore + 1, "amount", 30))
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.CONFLICT)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Out of stock: " + (mugsBefore + 1) + " x 'mug' wanted, " + mugsBefore + " left");

        assertThat(stock("mug")).isEqualTo(mugsBefore);
        assertThat(getJson("/orders")).hasSize(ordersBefore);
        assertThat(events).as("the inventory's failure propagated out of emit, before payment was handed off")
            .emitted("order.placed")
            .failedWith(OutOfStockException.class)
            .handledBy("audit#record")
            .notHandledBy("payment", "mailer#send");
    }

    @Test
    void declinedPaymentIsReportedThroughTheErrorEvent(RecordedEvents events) {
        Order order = place("book", 1, "5000");

        assertThat(events).within(ASYNC_TIMEOUT)
            .emitted("order.placed")
            .withArgs(order)
            .failedIn("payment")
            .isInstanceOf(Payments.PaymentDeclinedException.class);
        assertThat(events).within(ASYNC_TIMEOUT)
            .emitted("error")
            .withArgMatching(1, ListenerFailure.class,
                    (failure) -> failure.listenerId().equals("payment") && failure.args().equals(List.of(order)))
            .handledBy("failureLog#record");
        assertThat(events).notEmitted("order.paid");
        assertThat(getJson("/failures")).anySatisfy((failure) -> assertThat(failure)
            .containsEntry("event", "order.placed")
            .containsEntry("listener", "payment")
            .containsEntry("attempts", 1)
            .hasEntrySatisfying("args", (args) -> assertThat(args).as("the arguments to replay it with")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement(InstanceOfAssertFactories.MAP)
                .containsEntry("id", (int) order.id())
                .containsEntry("item", "book"))
            .containsEntry("exception", "PaymentDeclinedException")
            .hasEntrySatisfying("message", (message) -> assertThat(message).asString()
                .startsWith("Card declined for order #" + order.id() + ":")));
    }

    @Test
    void paidInvoiceIsAnnouncedThoughNoListenerHandlesItYet(RecordedEvents events) {
        this.http.post()
            .uri("/invoices/INV-7/paid")
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .jsonPath("$.delivered")
            .isEqualTo(false);

        assertThat(events).emitted("invoice.paid").withArgs("INV-7").unhandled();
    }

    @Test
    void actuatorShowsListenersAndMeters() {
        place("book", 1, "12");

        assertThat(listenerIds("/actuator/eventbus")).contains("greeter#greet", "inventory#reserve", "payment",
                "mailer#send", "salesDesk#thankBigSpender", "audit#record", "failureLog#record");
        assertThat(getObject("/actuator/eventbus").get("eventNames")).asInstanceOf(InstanceOfAssertFactories.LIST)
            .contains("order.**", "order.placed", "order.paid", "error", "greet");
        assertThat(listenerIds("/actuator/eventbus/order.placed")).as("dispatch order")
            .startsWith("audit#record", "inventory#reserve")
            .contains("payment", "mailer#send", "salesDesk#thankBigSpender");
        await().atMost(ASYNC_TIMEOUT)
            .untilAsserted(() -> assertThat(getString("/actuator/metrics/eventbus.listener")).contains("payment",
                    "inventory#reserve"));
        assertThat(getString("/actuator/prometheus").lines())
            .anySatisfy((line) -> assertThat(line).startsWith("eventbus_emits_total{")
                .contains("event=\"order.placed\"")
                .contains("outcome=\"delivered\""));
    }

    private Order place(String item, int quantity, String amount) {
        Order order = this.http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("item", item, "quantity", quantity, "amount", new BigDecimal(amount)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Order.class)
            .returnResult()
            .getResponseBody();
        assertThat(order).isNotNull();
        return order;
    }

    private int stock(String item) {
        Map<String, Integer> stock = this.http.get()
            .uri("/inventory")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Integer>>() {
            })
            .returnResult()
            .getResponseBody();
        assertThat(stock).containsKey(item);
        return stock.get(item);
    }

    private List<String> auditedEvents(long orderId) {
        return getJson("/audit").stream()
            .filter((entry) -> entry.get("args") instanceof List<?> args && !args.isEmpty()
                    && args.get(0) instanceof Map<?, ?> order && Long.valueOf(orderId).equals(toLong(order.get("id"))))
            .map((entry) -> (String) entry.get("event"))
            .toList();
    }

    private static Long toLong(Object number) {
        return (number instanceof Number n) ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    private List<String> listenerIds(String path) {
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) getObject(path).get("listeners");
        assertThat(listeners).isNotNull();
        return listeners.stream().map((listener) -> (String) listener.get("id")).toList();
    }

    private Map<String, Object> getObject(String path) {
        Map<String, Object> body = this.http.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            })
            .returnResult()
            .getResponseBody();
        assertThat(body).isNotNull();
        return body;
    }

    private List<Map<String, Object>> getJson(String path) {
        List<Map<String, Object>> body = this.http.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
            })
            .returnResult()
            .getResponseBody();
        assertThat(body).isNotNull();
        return body;
    }

    private String getString(String path) {
        String body = this.http.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(body).isNotNull();
        return body;
    }
}
