package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The property runner itself: a false property is reported with its seed and a shrunk counterexample, and a seed
 * reproduces the cases of a run.
 */
class PropertyCheckTest {

    @AfterEach
    void clearSeed() {
        System.clearProperty(PropertyCheck.SEED_PROPERTY);
    }

    @Test
    void falsePropertyIsReportedWithTheSeedAndTheSmallestCounterexample() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "42");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> PropertyCheck.forAll("no element reaches 5", PropertyCheckTest::numbers)
                .shrinkWith((list) -> PropertyCheck.shrinkList(list, PropertyCheckTest::smaller))
                .check((list) -> assertThat(list).allMatch((number) -> number < 5)))
            .withMessageContaining("Property 'no element reaches 5' falsified")
            .withMessageContaining("-Deventbus.property.seed=42")
            .withMessageContaining("Smallest counterexample (")
            .withMessageContaining("):\n[5]\n");
    }

    @Test
    void trueHoldingPropertyPassesEveryTry() {
        List<List<Integer>> seen = new ArrayList<>();

        assertThatNoException().isThrownBy(() -> PropertyCheck.forAll("sizes", PropertyCheckTest::numbers)
            .tries(50)
            .check(seen::add));

        assertThat(seen).hasSize(50);
    }

    @Test
    void theSameSeedGeneratesTheSameCases() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "7");
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();

        PropertyCheck.forAll("first", PropertyCheckTest::numbers).tries(20).check(first::add);
        PropertyCheck.forAll("second", PropertyCheckTest::numbers).tries(20).check(second::add);

        assertThat(first).isEqualTo(second).hasSize(20);
    }

    private static List<Integer> numbers(Random random) {
        List<Integer> numbers = new ArrayList<>();
        int size = random.nextInt(20);
        for (int i = 0; i < size; i++) {
            numbers.add(random.nextInt(100));
        }
        return numbers;
    }

    private static List<Integer> smaller(Integer number) {
        return (number == 0) ? List.of() : List.of(0, number / 2, number - 1);
    }
}
