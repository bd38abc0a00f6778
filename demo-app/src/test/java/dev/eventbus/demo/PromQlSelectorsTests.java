package dev.eventbus.demo;

import java.util.Set;

import dev.eventbus.demo.PromQlSelectors.Selector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tokenizer behind {@link GrafanaDashboardTests}: metric names and matcher labels in, everything else out.
 */
class PromQlSelectorsTests {

    @Test
    void findsTheMetricInsideFunctionsAndAggregationsButNotGroupingLabelsOrVariables() {
        assertThat(PromQlSelectors.of("""
                histogram_quantile(0.99, sum by (le, listener) (rate(eventbus_listener_seconds_bucket{\
                application=~"$application", event=~"$event"}[$__rate_interval])))"""))
            .containsExactly(new Selector("eventbus_listener_seconds_bucket", Set.of("application", "event")));
    }

    @Test
    void findsEverySelectorOfABinaryExpressionWithOrWithoutMatchers() {
        assertThat(PromQlSelectors.of("""
                (sum by (listener) (rate(a_total{outcome="error"}[5m])) or 0 * sum without(x) (b_total))
                / on (listener) group_left (exception) max(c_max) > bool 1e-3"""))
            .containsExactly(new Selector("a_total", Set.of("outcome")), new Selector("b_total", Set.of()),
                    new Selector("c_max", Set.of()));
    }

    @Test
    void ignoresWhatStringsAndBracketsHold() {
        assertThat(PromQlSelectors.of("""
                sum(rate(emits_total{event=~"order.(placed|paid)", outcome!='fail{ed}'}[1m:10s] offset 5m)) # not_a_metric"""))
            .containsExactly(new Selector("emits_total", Set.of("event", "outcome")));
    }

    @Test
    void aMisspeltMetricIsFoundAsWrittenSoItCanBeChecked() {
        assertThat(PromQlSelectors.of("rate(eventbus_emit_total[5m])")).extracting(Selector::metric)
            .containsExactly("eventbus_emit_total");
    }

    @Test
    void rejectsASelectorItCannotReadNamingTheExpression() {
        assertThatIllegalArgumentException().isThrownBy(() -> PromQlSelectors.of("rate({__name__=\"x\"}[5m])"))
            .withMessageContaining("a selector without a metric name")
            .withMessageContaining("'rate({__name__=\"x\"}[5m])'");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQlSelectors.of("x{event=\"open"))
            .withMessageContaining("the end of a string");
    }
}
