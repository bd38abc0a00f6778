package dev.eventbus.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The pattern matcher against a reference that follows the definition word for word, over random names and
 * patterns built so that matching cases are common ({@code *}, and {@code **} at the start, in the middle, at the
 * end and repeated); and the validation of names and patterns against a reference validator.
 */
class EventPatternPropertyTest {

    private static final List<String> LETTERS = List.of("a", "b", "c");

    private static final String ONE = "*";

    private static final String ANY = "**";

    @Test
    void patternMatchesExactlyWhenTheReferenceMatches() {
        Coverage coverage = new Coverage();

        PropertyCheck.forAll("EventPattern.matches agrees with the reference", EventPatternPropertyTest::patternAndName)
            .tries(3_000)
            .shrinkWith(EventPatternPropertyTest::shrink)
            .describedBy(Case::toString)
            .check((example) -> {
                boolean expected = referenceMatches(example.pattern(), example.name());
                coverage.count(example, expected);
                assertThat(EventPattern.parse(example.patternText()).matches(example.nameText()))
                    .as("pattern '%s' matches name '%s'", example.patternText(), example.nameText())
                    .isEqualTo(expected);
            });

        // the generator must reach the interesting cases, or the property proves little
        assertThat(coverage.matching.get()).as("matching cases").isGreaterThan(900);
        assertThat(coverage.notMatching.get()).as("non-matching cases").isGreaterThan(600);
        assertThat(coverage.anyAtStart.get()).as("matching with ** first").isGreaterThan(50);
        assertThat(coverage.anyInMiddle.get()).as("matching with ** inside").isGreaterThan(50);
        assertThat(coverage.anyAtEnd.get()).as("matching with ** last").isGreaterThan(50);
        assertThat(coverage.repeatedAny.get()).as("matching with ** twice or more").isGreaterThan(50);
        assertThat(coverage.anyMatchingNothing.get()).as("matching with ** standing for no segment")
            .isGreaterThan(50);
    }

    @Test
    void parseAcceptsExactlyTheNamesAndPatternsTheReferenceValidatorAccepts() {
        PropertyCheck.forAll("EventPattern.parse and requireEventName agree with the reference validator",
                EventPatternPropertyTest::candidateText)
            .tries(3_000)
            .shrinkWith(EventPatternPropertyTest::shrinkText)
            .describedBy((text) -> "'" + text + "'")
            .check((text) -> {
                if (referenceValidPattern(text)) {
                    assertThat(EventPattern.parse(text).source()).isEqualTo(text);
                }
                else {
                    assertThatIllegalArgumentException().isThrownBy(() -> EventPattern.parse(text))
                        .withMessageContaining("'" + text + "'");
                }
                if (referenceValidPattern(text) && !text.contains("*")) {
                    assertThat(EventPattern.requireEventName(text)).isEqualTo(text);
                }
                else {
                    assertThatIllegalArgumentException().isThrownBy(() -> EventPattern.requireEventName(text))
                        .withMessageContaining("'" + text + "'");
                }
            });
    }

    @Test
    void segmentIsBlankExactlyWhenStringIsBlankSaysSo() {
        // white space beyond ' ' and '\t' (em space, a separator control), and characters that are not white space
        // although they look or sound like it (no-break space, a surrogate pair)
        List<String> texts = List.of("a.\u2003", "\u2003.a", "a.\u001c.b", "a.\u00a0", "\u00a0", "a.\ud83d\ude00",
                "\ud83d\ude00.*", "a.\u2003\u00a0.b", "\u3000", "a. \u3000 .b");
        for (String text : texts) {
            if (referenceValidPattern(text)) {
                assertThat(EventPattern.parse(text).source()).as("'%s'", text).isEqualTo(text);
                if (!text.contains("*")) {
                    assertThat(EventPattern.parse(text).matches(text)).as("'%s' matches itself", text).isTrue();
                    assertThat(EventPattern.requireEventName(text)).isEqualTo(text);
                }
            }
            else {
                assertThatIllegalArgumentException().as("'%s'", text)
                    .isThrownBy(() -> EventPattern.parse(text))
                    .withMessageContaining("must not be");
            }
        }
        assertThat(texts.stream().filter(EventPatternPropertyTest::referenceValidPattern).count())
            .as("valid and invalid texts both").isBetween(1L, texts.size() - 1L);
    }

    @Test
    void repeatedDoubleWildcardsAgainstALongNameDoNotMakeMatchingExponential() {
        // with backtracking, 16 '**' that cannot end on 'x' try every split of 64 segments: it never finishes
        String pattern = String.join(".", Collections.nCopies(16, ANY)) + ".x";
        String name = String.join(".", Collections.nCopies(64, "a"));

        boolean matches = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> EventPattern.parse(pattern).matches(name));

        assertThat(matches).isFalse();
        assertThat(EventPattern.parse(pattern).matches(name + ".x")).isTrue();
    }

    // ---- the reference: the definition, written as directly as possible

    /**
     * {@code **} matches zero or more segments, {@code *} exactly one, anything else itself.
     */
    static boolean referenceMatches(List<String> pattern, List<String> name) {
        if (pattern.isEmpty()) {
            return name.isEmpty();
        }
        String first = pattern.get(0);
        List<String> restOfPattern = pattern.subList(1, pattern.size());
        if (first.equals(ANY)) {
            // zero segments, or one segment and ** goes on
            return referenceMatches(restOfPattern, name)
                    || (!name.isEmpty() && referenceMatches(pattern, name.subList(1, name.size())));
        }
        if (name.isEmpty()) {
            return false;
        }
        boolean segmentMatches = first.equals(ONE) || first.equals(name.get(0));
        return segmentMatches && referenceMatches(restOfPattern, name.subList(1, name.size()));
    }

    /**
     * Not blank; segments split by '.', none empty or blank; a segment with '*' is exactly '*' or '**'.
     */
    static boolean referenceValidPattern(String text) {
        if (text.isBlank()) {
            return false;
        }
        for (String segment : text.split("\\.", -1)) {
            if (segment.isBlank()) {
                return false;
            }
            if (segment.contains("*") && !segment.equals(ONE) && !segment.equals(ANY)) {
                return false;
            }
        }
        return true;
    }

    // ---- generators

    record Case(List<String> pattern, List<String> name) {

        String patternText() {
            return String.join(".", this.pattern);
        }

        String nameText() {
            return String.join(".", this.name);
        }

        @Override
        public String toString() {
            return "pattern '" + patternText() + "', name '" + nameText() + "'";
        }
    }

    /**
     * Mostly a pattern derived from the name (so it matches), sometimes mutated (a near miss), sometimes unrelated.
     */
    static Case patternAndName(Random random) {
        List<String> name = new ArrayList<>();
        int length = 1 + random.nextInt(6);
        for (int i = 0; i < length; i++) {
            name.add(pick(random, LETTERS));
        }
        int kind = random.nextInt(10);
        if (kind < 2) {
            List<String> pattern = new ArrayList<>();
            int patternLength = 1 + random.nextInt(6);
            for (int i = 0; i < patternLength; i++) {
                pattern.add(pick(random, List.of("a", "b", "c", ONE, ANY, ANY)));
            }
            return new Case(pattern, name);
        }
        List<String> pattern = derivedPattern(random, name);
        if (kind < 5) {
            mutate(random, pattern);
            if (pattern.isEmpty()) {
                pattern.add(ANY);
            }
        }
        return new Case(pattern, name);
    }

    private static List<String> derivedPattern(Random random, List<String> name) {
        List<String> pattern = new ArrayList<>();
        int i = 0;
        while (i <= name.size()) {
            int choice = random.nextInt(10);
            if (choice < 3) {
                // ** standing for zero to three segments, sometimes written twice in a row
                int covered = Math.min(random.nextInt(4), name.size() - i);
                pattern.add(ANY);
                if (random.nextInt(5) == 0) {
                    pattern.add(ANY);
                }
                i += covered;
                if (i == name.size()) {
                    break;
                }
            }
            if (i == name.size()) {
                break;
            }
            pattern.add((choice < 5) ? ONE : name.get(i));
            i++;
        }
        if (pattern.isEmpty()) {
            pattern.add(ANY);
        }
        return pattern;
    }

    private static void mutate(Random random, List<String> pattern) {
        int at = random.nextInt(pattern.size());
        switch (random.nextInt(4)) {
            case 0 -> pattern.remove(at);
            case 1 -> pattern.add(at, pick(random, LETTERS));
            case 2 -> pattern.set(at, pick(random, LETTERS));
            default -> pattern.add(at, ONE);
        }
    }

    static String candidateText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
            text.append(pick(random, List.of("a", "b", ".", ".", "*", "*", " ", "\t")));
        }
        return text.toString();
    }

    private static <E> E pick(Random random, List<E> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    // ---- shrinking

    static List<Case> shrink(Case example) {
        List<Case> candidates = new ArrayList<>();
        List<String> pattern = example.pattern();
        List<String> name = example.name();
        // the same segment off both ends keeps a match a match
        if (pattern.size() > 1 && name.size() > 1) {
            candidates.add(new Case(pattern.subList(1, pattern.size()), name.subList(1, name.size())));
            candidates.add(new Case(pattern.subList(0, pattern.size() - 1), name.subList(0, name.size() - 1)));
        }
        for (List<String> smaller : PropertyCheck.shrinkList(pattern, EventPatternPropertyTest::simpler)) {
            if (!smaller.isEmpty()) {
                candidates.add(new Case(smaller, name));
            }
        }
        for (List<String> smaller : PropertyCheck.shrinkList(name, EventPatternPropertyTest::simpler)) {
            if (!smaller.isEmpty()) {
                candidates.add(new Case(pattern, smaller));
            }
        }
        return candidates;
    }

    private static List<String> simpler(String segment) {
        return switch (segment) {
            case ANY -> List.of(ONE, "a");
            case ONE, "b", "c" -> List.of("a");
            default -> List.of();
        };
    }

    static List<String> shrinkText(String text) {
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            candidates.add(text.substring(0, i) + text.substring(i + 1));
        }
        return candidates;
    }

    /** Counts how often the generator reached the cases the property is about. */
    static final class Coverage {

        final AtomicInteger matching = new AtomicInteger();

        final AtomicInteger notMatching = new AtomicInteger();

        final AtomicInteger anyAtStart = new AtomicInteger();

        final AtomicInteger anyInMiddle = new AtomicInteger();

        final AtomicInteger anyAtEnd = new AtomicInteger();

        final AtomicInteger repeatedAny = new AtomicInteger();

        final AtomicInteger anyMatchingNothing = new AtomicInteger();

        void count(Case example, boolean matches) {
            if (!matches) {
                this.notMatching.incrementAndGet();
                return;
            }
            this.matching.incrementAndGet();
            List<String> pattern = example.pattern();
            int last = pattern.size() - 1;
            if (pattern.get(0).equals(ANY)) {
                this.anyAtStart.incrementAndGet();
            }
            if (pattern.get(last).equals(ANY)) {
                this.anyAtEnd.incrementAndGet();
            }
            if (pattern.subList(1, Math.max(1, last)).contains(ANY)) {
                this.anyInMiddle.incrementAndGet();
            }
            if (Collections.frequency(pattern, ANY) > 1) {
                this.repeatedAny.incrementAndGet();
            }
            // every non-** segment takes exactly one name segment, so each ** stands for none
            if (pattern.contains(ANY)
                    && pattern.size() - Collections.frequency(pattern, ANY) == example.name().size()) {
                this.anyMatchingNothing.incrementAndGet();
            }
        }
    }
}
