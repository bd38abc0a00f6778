package dev.eventbus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Runs a property over generated cases and, when one fails, shrinks it to a small counterexample that is reported
 * with the seed reproducing the run, so that the engine's rules can be checked against a model on many random inputs.
 * <p>
 * The seed is random per run unless the system property {@value #SEED_PROPERTY} sets it.
 * @param <T> the type of a generated case
 */
final class PropertyCheck<T> {

    static final String SEED_PROPERTY = "eventbus.property.seed";

    private static final int MAX_SHRINK_STEPS = 2_000;

    private final String name;

    private final Function<Random, T> generator;

    private int tries = 200;

    private Function<T, List<T>> shrinker = (value) -> List.of();

    private Function<T, String> describer = String::valueOf;

    private PropertyCheck(String name, Function<Random, T> generator) {
        this.name = name;
        this.generator = generator;
    }

    static <T> PropertyCheck<T> forAll(String name, Function<Random, T> generator) {
        return new PropertyCheck<>(name, generator);
    }

    PropertyCheck<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /**
     * How to make a failing case smaller: candidates are tried in order, and the first that still fails is kept.
     */
    PropertyCheck<T> shrinkWith(Function<T, List<T>> shrinker) {
        this.shrinker = shrinker;
        return this;
    }

    PropertyCheck<T> describedBy(Function<T, String> describer) {
        this.describer = describer;
        return this;
    }

    /**
     * Checks the property on every generated case.
     * @param property throws (typically an {@link AssertionError}) when the property does not hold for a case
     * @throws AssertionError naming the seed, the shrunk counterexample and its failure
     */
    void check(Consumer<T> property) {
        String configured = System.getProperty(SEED_PROPERTY);
        long seed = (configured != null && !configured.isBlank()) ? Long.parseLong(configured.trim())
                : new Random().nextLong();
        Random seeds = new Random(seed);
        for (int attempt = 1; attempt <= this.tries; attempt++) {
            T generated = this.generator.apply(new Random(seeds.nextLong()));
            Throwable failure = failureOf(property, generated);
            if (failure != null) {
                throw falsified(property, seed, attempt, generated, failure);
            }
        }
    }

    private AssertionError falsified(Consumer<T> property, long seed, int attempt, T generated, Throwable failure) {
        T smallest = generated;
        Throwable smallestFailure = failure;
        int steps = 0;
        boolean shrunk = true;
        while (shrunk && steps < MAX_SHRINK_STEPS) {
            shrunk = false;
            for (T candidate : this.shrinker.apply(smallest)) {
                Throwable candidateFailure = failureOf(property, candidate);
                if (candidateFailure != null) {
                    smallest = candidate;
                    smallestFailure = candidateFailure;
                    steps++;
                    shrunk = true;
                    break;
                }
            }
        }
        String message = "Property '" + this.name + "' falsified at try " + attempt + " of " + this.tries + " (seed "
                + seed + "; rerun with -D" + SEED_PROPERTY + "=" + seed + ")\n" + "Smallest counterexample ("
                + steps + " shrink steps):\n" + this.describer.apply(smallest) + "\nFailure: " + smallestFailure
                + "\nOriginal counterexample:\n" + this.describer.apply(generated);
        return new AssertionError(message, smallestFailure);
    }

    private static <T> @Nullable Throwable failureOf(Consumer<T> property, T value) {
        try {
            property.accept(value);
            return null;
        }
        catch (Exception | AssertionError ex) {
            return ex;
        }
    }

    /**
     * Smaller versions of a list: without halves, quarters... down to single elements, then with one element
     * replaced by each of its own smaller versions.
     */
    static <E> List<List<E>> shrinkList(List<E> list, Function<E, List<E>> elementShrinker) {
        List<List<E>> candidates = new ArrayList<>();
        for (int chunk = list.size(); chunk >= 1; chunk /= 2) {
            for (int start = 0; start + chunk <= list.size(); start += chunk) {
                List<E> without = new ArrayList<>(list.subList(0, start));
                without.addAll(list.subList(start + chunk, list.size()));
                candidates.add(without);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            for (E smaller : elementShrinker.apply(list.get(i))) {
                List<E> replaced = new ArrayList<>(list);
                replaced.set(i, smaller);
                candidates.add(replaced);
            }
        }
        return candidates;
    }
}
