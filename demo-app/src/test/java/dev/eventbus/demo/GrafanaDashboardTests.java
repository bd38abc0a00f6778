package dev.eventbus.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventbus.demo.PromQlSelectors.Selector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard in {@code docs/grafana} against the demo's real {@code /actuator/prometheus} output: after
 * traffic of every kind, each metric and matcher label its panels and variables query must be exported.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class GrafanaDashboardTests {

    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "dashboards", "event-bus.json");

    /** Added by Prometheus when it scrapes, so never in the application's own output. */
    private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    @Autowired
    private RestTestClient http;

    @Test
    void everyMetricAndLabelThatThePanelsQueryIsExportedAfterTraffic() {
        Map<String, List<Selector>> queries = panelQueries();
        assertThat(queries).as("panel queries of %s", DASHBOARD).hasSizeGreaterThan(10);
        assertThat(queries).as("every panel queries at least one metric").allSatisfy(
                (panel, selectors) -> assertThat(selectors).as(panel).isNotEmpty());

        driveEveryKindOfTraffic();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Set<String>> exported = scrape();
            List<String> missing = new ArrayList<>();
            queries.forEach((panel, selectors) -> selectors.forEach((selector) -> {
                Set<String> labels = exported.get(selector.metric());
                if (labels == null) {
                    missing.add(panel + ": metric " + selector.metric());
                    return;
                }
                selector.labels()
                    .stream()
                    .filter((label) -> !SCRAPE_LABELS.contains(label) && !labels.contains(label))
                    .forEach((label) -> missing.add(panel + ": label '" + label + "' of " + selector.metric()));
            }));
            assertThat(missing).as("queried by the dashboard, absent from /actuator/prometheus").isEmpty();
        });
    }

    @Test
    void everyQueryFiltersByTheApplicationAndInstanceVariablesAndByEventWhereTheMetricHasOne() {
        driveEveryKindOfTraffic();
        Map<String, Set<String>> exported = scrape();

        panelQueries().forEach((panel, selectors) -> selectors.forEach((selector) -> {
            assertThat(selector.labels()).as("%s: %s", panel, selector.metric()).contains("application", "instance");
            if (exported.getOrDefault(selector.metric(), Set.of()).contains("event")) {
                assertThat(selector.labels()).as("%s: %s", panel, selector.metric()).contains("event");
            }
        }));
    }

    @Test
    void applicationInstanceAndEventVariablesListValuesOfExportedLabels() {
        driveEveryKindOfTraffic();
        Map<String, Set<String>> exported = scrape();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard().path("templating").path("list").forEach((variable) -> variables.put(variable.path("name").asString(), variable));

        assertThat(variables).containsKeys("application", "instance", "event");
        for (String name : List.of("application", "instance", "event")) {
            JsonNode variable = variables.get(name);
            assertThat(variable.path("type").asString()).as(name).isEqualTo("query");
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asString()
                    : variable.path("query").asString();
            Matcher labelValues = LABEL_VALUES.matcher(query);
            assertThat(labelValues.matches()).as("variable %s: label_values(selector, label), not '%s'", name, query)
                .isTrue();
            assertThat(labelValues.group(2)).as("variable %s lists its own label", name).isEqualTo(name);
            for (Selector selector : PromQlSelectors.of(labelValues.group(1))) {
                assertThat(exported).as("variable %s", name).containsKey(selector.metric());
                if (!SCRAPE_LABELS.contains(name)) {
                    assertThat(exported.get(selector.metric())).as("variable %s: labels of %s", name, selector.metric())
                        .contains(name);
                }
            }
        }
    }

    @Test
    void publicationPanelsCombineInstancesWithMaxAsEachReportsTheWholeSharedLog() {
        Map<String, String> expressions = new LinkedHashMap<>();
        dashboard().path("panels").forEach((panel) -> panel.path("targets").forEach((target) -> expressions
            .put(panel.path("title").asString(), target.path("expr").asString())));

        assertThat(expressions).as("panels on the durable publication log")
            .containsKeys("Publications owed and failed", "Oldest owed publication",
                    "Publication attempts by listener and outcome");
        expressions.forEach((title, expr) -> {
            if (expr.contains("eventbus_publications{") || expr.contains("eventbus_publications_oldest_owed_seconds")) {
                assertThat(expr).as(title).startsWith("max").doesNotContain("sum");
            }
        });
    }

    @Test
    void everyBusSeriesCarriesTheApplicationTag() {
        driveEveryKindOfTraffic();

        assertThat(scrapeText().lines().filter((line) -> line.startsWith("eventbus_")))
            .isNotEmpty()
            .allSatisfy((line) -> assertThat(line).contains("application=\"event-bus-demo\""));
    }

    /**
     * A good order, a declined payment (an async failure, then {@code error}), an order out of stock (a failed emit)
     * and an invoice nobody listens to (an unhandled emit).
     */
    private void driveEveryKindOfTraffic() {
        placeOrder("{\"item\":\"book\",\"quantity\":1,\"amount\":42.5}", HttpStatus.CREATED);
        placeOrder("{\"item\":\"book\",\"quantity\":1,\"amount\":5000}", HttpStatus.CREATED);
        placeOrder("{\"item\":\"mug\",\"quantity\":1000,\"amount\":30}", HttpStatus.CONFLICT);
        this.http.post().uri("/invoices/INV-1/paid").exchange().expectStatus().isAccepted();
    }

    private void placeOrder(String json, HttpStatus expected) {
        this.http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .exchange()
            .expectStatus()
            .isEqualTo(expected);
    }

    /** The metric names of the scrape, each with the label names it carries. */
    private Map<String, Set<String>> scrape() {
        Map<String, Set<String>> metrics = new TreeMap<>();
        scrapeText().lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
            int braces = line.indexOf('{');
            int end = (braces >= 0) ? braces : line.indexOf(' ');
            Set<String> labels = metrics.computeIfAbsent(line.substring(0, end), (name) -> new TreeSet<>());
            if (braces >= 0) {
                Matcher label = LABEL.matcher(line.substring(braces, line.lastIndexOf('}')));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        });
        return metrics;
    }

    private String scrapeText() {
        String body = this.http.get()
            .uri("/actuator/prometheus")
            .accept(MediaType.TEXT_PLAIN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(body).isNotBlank();
        return body;
    }

    /** Each panel's title with the selectors of all its queries, rows' nested panels included. */
    static Map<String, List<Selector>> panelQueries() {
        Map<String, List<Selector>> queries = new LinkedHashMap<>();
        collectPanelQueries(dashboard().path("panels"), queries);
        return queries;
    }

    private static void collectPanelQueries(JsonNode panels, Map<String, List<Selector>> queries) {
        for (JsonNode panel : panels) {
            collectPanelQueries(panel.path("panels"), queries);
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            String title = "panel '" + panel.path("title").asString() + "' (id " + panel.path("id").asInt() + ")";
            List<Selector> selectors = queries.computeIfAbsent(title, (key) -> new ArrayList<>());
            for (JsonNode target : panel.path("targets")) {
                selectors.addAll(PromQlSelectors.of(target.path("expr").asString()));
            }
        }
    }

    static JsonNode dashboard() {
        assertThat(DASHBOARD).as("the dashboard, relative to the demo-app module").isRegularFile();
        try {
            return JsonMapper.shared().readTree(Files.readString(DASHBOARD));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + DASHBOARD.toAbsolutePath(), ex);
        }
    }
}
