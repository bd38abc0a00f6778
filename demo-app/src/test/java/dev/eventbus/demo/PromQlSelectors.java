package dev.eventbus.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Finds the metric selectors of a PromQL expression as a Grafana panel holds it: each metric name with the label
 * names of its matchers. A small tokenizer, not a parser: it skips strings, range brackets, numbers, Grafana
 * variables ({@code $name}, {@code ${name}}), grouping label lists ({@code by (...)}, {@code on (...)}...), keywords
 * and function names, and takes every other identifier for a metric name.
 */
final class PromQlSelectors {

    /** Keywords followed by a list of label names in parentheses. */
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    /** Operators and literals that read like identifiers. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");

    private final String expression;

    private int position;

    private PromQlSelectors(String expression) {
        this.expression = expression;
    }

    /**
     * The selectors of an expression, in the order they appear.
     * @param expression a PromQL expression, with Grafana variables or not
     * @return its selectors
     * @throws IllegalArgumentException for a selector this tokenizer cannot read, naming the expression
     */
    static List<Selector> of(String expression) {
        return new PromQlSelectors(expression).selectors();
    }

    private List<Selector> selectors() {
        List<Selector> selectors = new ArrayList<>();
        while (this.position < this.expression.length()) {
            char c = this.expression.charAt(this.position);
            if (c == '"' || c == '\'' || c == '`') {
                skipString();
            }
            else if (c == '#') {
                skipWhile((ch) -> ch != '\n');
            }
            else if (c == '$') {
                this.position++;
                if (peek() == '{') {
                    skipPast('}');
                }
                else {
                    skipWhile(PromQlSelectors::isIdentifierPart);
                }
            }
            else if (c == '[') {
                skipPast(']');
            }
            else if (c == '{') {
                throw invalid("a selector without a metric name");
            }
            else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peekAt(this.position + 1)))) {
                skipNumber();
            }
            else if (isIdentifierStart(c)) {
                readIdentifier(selectors);
            }
            else {
                this.position++;
            }
        }
        return selectors;
    }

    private void readIdentifier(List<Selector> selectors) {
        int start = this.position;
        skipWhile(PromQlSelectors::isIdentifierPart);
        String identifier = this.expression.substring(start, this.position);
        skipWhile(Character::isWhitespace);
        char next = peek();
        String keyword = identifier.toLowerCase(Locale.ROOT);
        if (GROUPING.contains(keyword)) {
            if (next == '(') {
                skipPast(')');
            }
        }
        else if (KEYWORDS.contains(keyword) || next == '(') {
            // an operator, or a function called on what follows
        }
        else {
            selectors.add(new Selector(identifier, (next == '{') ? readMatcherLabels() : Set.of()));
        }
    }

    /** Reads {@code {label op "value", ...}} and answers the label names. */
    private Set<String> readMatcherLabels() {
        Set<String> labels = new LinkedHashSet<>();
        this.position++;
        while (true) {
            skipWhile((ch) -> Character.isWhitespace(ch) || ch == ',');
            if (peek() == '}') {
                this.position++;
                return labels;
            }
            if (!isIdentifierStart(peek())) {
                throw invalid("a label name");
            }
            int start = this.position;
            skipWhile(PromQlSelectors::isIdentifierPart);
            labels.add(this.expression.substring(start, this.position));
            skipWhile(Character::isWhitespace);
            skipWhile((ch) -> ch == '=' || ch == '!' || ch == '~');
            skipWhile(Character::isWhitespace);
            if (peek() != '"' && peek() != '\'' && peek() != '`') {
                throw invalid("a quoted label value");
            }
            skipString();
        }
    }

    private void skipString() {
        char quote = this.expression.charAt(this.position++);
        while (this.position < this.expression.length()) {
            char c = this.expression.charAt(this.position++);
            if (c == '\\' && quote != '`') {
                this.position++;
            }
            else if (c == quote) {
                return;
            }
        }
        throw invalid("the end of a string");
    }

    /** Skips a number or a duration ({@code 0.99}, {@code 1e-3}, {@code 5m}). */
    private void skipNumber() {
        skipWhile((ch) -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '_');
        char last = peekAt(this.position - 1);
        if ((last == 'e' || last == 'E') && (peek() == '+' || peek() == '-')) {
            this.position++;
            skipWhile(Character::isDigit);
        }
    }

    private void skipPast(char end) {
        int found = this.expression.indexOf(end, this.position);
        if (found < 0) {
            throw invalid("'" + end + "'");
        }
        this.position = found + 1;
    }

    private void skipWhile(IntPredicate test) {
        while (this.position < this.expression.length() && test.test(this.expression.charAt(this.position))) {
            this.position++;
        }
    }

    private char peek() {
        return peekAt(this.position);
    }

    private char peekAt(int index) {
        return (index >= 0 && index < this.expression.length()) ? this.expression.charAt(index) : '\0';
    }

    private IllegalArgumentException invalid(String expected) {
        return new IllegalArgumentException(
                "Expected " + expected + " at position " + this.position + " of PromQL expression '" + this.expression + "'");
    }

    private static boolean isIdentifierStart(int c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(int c) {
        return isIdentifierStart(c) || Character.isDigit(c);
    }

    /**
     * One metric selector.
     *
     * @param metric the metric name
     * @param labels the label names its matchers use
     */
    record Selector(String metric, Set<String> labels) {
    }
}
