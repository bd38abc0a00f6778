package dev.eventbus.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.eventbus.Emitter;
import dev.eventbus.Event;
import dev.eventbus.Listener;
import dev.eventbus.ListenerInfo;
import dev.eventbus.Subscription;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of registrations, removals and emits, run against the emitter and against a plain list model of
 * the contract; after every step both agree on who was called in which order, on what each call returned, and on
 * {@code listenerCount}, {@code listeners} and {@code eventNames}. The model includes {@code newListener} and
 * {@code removeListener}, which wildcard patterns hear, and once-listeners consumed by them.
 */
class EmitterModelTest {

    private static final List<String> PATTERNS = List.of("a", "b", "a.b", "*", "a.*", "**", "a.**",
            "removeListener", "newListener");

    private static final List<String> NAMES = List.of("a", "b", "a.b", "a.b.c");

    private static final List<String> INSPECTED = List.of("a", "b", "a.b", "a.b.c", "newListener", "removeListener");

    private static final int LISTENERS = 3;

    @Test
    void emitterAgreesWithTheListModelOnEveryRandomSequence() {
        PropertyCheck.forAll("emitter agrees with the list model", EmitterModelTest::operations)
            .tries(300)
            .shrinkWith((operations) -> PropertyCheck.shrinkList(operations, Operation::simpler))
            .describedBy(EmitterModelTest::program)
            .check(EmitterModelTest::runAgainstModel);
    }

    private static void runAgainstModel(List<Operation> operations) {
        Real real = new Real();
        Model model = new Model();
        for (int step = 0; step < operations.size(); step++) {
            Operation operation = operations.get(step);
            String where = "after step " + (step + 1) + " " + operation;
            Object realResult = operation.applyTo(real);
            Object modelResult = operation.applyTo(model);
            assertThat(real.calls).as("calls %s", where).isEqualTo(model.calls);
            assertThat(realResult).as("result of %s", where).isEqualTo(modelResult);
            for (String name : INSPECTED) {
                assertThat(real.emitter.listeners(name)).extracting(EmitterModelTest::describe)
                    .as("listeners(%s) %s", name, where)
                    .isEqualTo(model.listeners(name));
                assertThat(real.emitter.listenerCount(name)).as("listenerCount(%s) %s", name, where)
                    .isEqualTo(model.listeners(name).size());
            }
            assertThat(real.emitter.eventNames()).as("eventNames() %s", where)
                .containsExactlyElementsOf(model.counts.keySet());
        }
    }

    private static String describe(ListenerInfo info) {
        return (info.once() ? "once " : "") + info.pattern();
    }

    // ---- the operations

    /** One call on the emitter, applied to both the real emitter and the model. */
    sealed interface Operation {

        @Nullable Object applyTo(Real real);

        @Nullable Object applyTo(Model model);

        default List<Operation> simpler() {
            return List.of();
        }
    }

    enum Kind {
        ON, ONCE, PREPEND, PREPEND_ONCE
    }

    record Add(Kind kind, String pattern, int listener) implements Operation {

        @Override
        public @Nullable Object applyTo(Real real) {
            Listener target = real.listeners[this.listener];
            Subscription subscription = switch (this.kind) {
                case ON -> real.emitter.on(this.pattern, target);
                case ONCE -> real.emitter.once(this.pattern, target);
                case PREPEND -> real.emitter.prependListener(this.pattern, target);
                case PREPEND_ONCE -> real.emitter.prependOnceListener(this.pattern, target);
            };
            real.subscriptions.add(subscription);
            return null;
        }

        @Override
        public @Nullable Object applyTo(Model model) {
            boolean once = this.kind == Kind.ONCE || this.kind == Kind.PREPEND_ONCE;
            boolean prepend = this.kind == Kind.PREPEND || this.kind == Kind.PREPEND_ONCE;
            model.subscriptions.add(model.add(this.pattern, this.listener, once, prepend));
            return null;
        }

        @Override
        public List<Operation> simpler() {
            List<Operation> simpler = new ArrayList<>();
            if (this.kind != Kind.ON) {
                simpler.add(new Add(Kind.ON, this.pattern, this.listener));
            }
            if (!this.pattern.equals("a")) {
                simpler.add(new Add(this.kind, "a", this.listener));
            }
            if (this.listener != 0) {
                simpler.add(new Add(this.kind, this.pattern, 0));
            }
            return simpler;
        }

        @Override
        public String toString() {
            String method = switch (this.kind) {
                case ON -> "on";
                case ONCE -> "once";
                case PREPEND -> "prependListener";
                case PREPEND_ONCE -> "prependOnceListener";
            };
            return method + "(\"" + this.pattern + "\", L" + this.listener + ")";
        }
    }

    record Off(String pattern, int listener) implements Operation {

        @Override
        public Object applyTo(Real real) {
            return real.emitter.off(this.pattern, real.listeners[this.listener]);
        }

        @Override
        public Object applyTo(Model model) {
            return model.off(this.pattern, this.listener);
        }

        @Override
        public String toString() {
            return "off(\"" + this.pattern + "\", L" + this.listener + ")";
        }
    }

    /** Closes the subscription returned by an earlier registration (counted modulo those made so far). */
    record Close(int subscription) implements Operation {

        @Override
        public @Nullable Object applyTo(Real real) {
            if (!real.subscriptions.isEmpty()) {
                real.subscriptions.get(this.subscription % real.subscriptions.size()).close();
            }
            return null;
        }

        @Override
        public @Nullable Object applyTo(Model model) {
            if (!model.subscriptions.isEmpty()) {
                model.remove(List.of(model.subscriptions.get(this.subscription % model.subscriptions.size())));
            }
            return null;
        }

        @Override
        public String toString() {
            return "subscription #" + this.subscription + " (modulo those made so far).close()";
        }
    }

    record RemoveAllOf(String pattern) implements Operation {

        @Override
        public Object applyTo(Real real) {
            return real.emitter.removeAllListeners(this.pattern);
        }

        @Override
        public Object applyTo(Model model) {
            return model.removeNewestFirst(model.registered()
                .stream()
                .filter((entry) -> entry.pattern.equals(this.pattern))
                .toList());
        }

        @Override
        public String toString() {
            return "removeAllListeners(\"" + this.pattern + "\")";
        }
    }

    record RemoveAll() implements Operation {

        @Override
        public Object applyTo(Real real) {
            return real.emitter.removeAllListeners();
        }

        @Override
        public Object applyTo(Model model) {
            // as Node: name by name in first-registration order, then the removeListener listeners, so that they
            // hear about every other removal; each name newest first, one at a time
            List<Entry> present = model.registered();
            int removed = 0;
            for (String pattern : List.copyOf(model.counts.keySet())) {
                if (!matches(pattern, "removeListener")) {
                    removed += model.removeNewestFirst(present.stream()
                        .filter((entry) -> entry.pattern.equals(pattern))
                        .toList());
                }
            }
            return removed + model.removeNewestFirst(present.stream()
                .filter((entry) -> matches(entry.pattern, "removeListener"))
                .toList());
        }

        @Override
        public String toString() {
            return "removeAllListeners()";
        }
    }

    record Emit(String name) implements Operation {

        @Override
        public Object applyTo(Real real) {
            return real.emitter.emit(this.name);
        }

        @Override
        public Object applyTo(Model model) {
            return model.emit(this.name);
        }

        @Override
        public List<Operation> simpler() {
            return this.name.equals("a") ? List.of() : List.of(new Emit("a"));
        }

        @Override
        public String toString() {
            return "emit(\"" + this.name + "\")";
        }
    }

    static List<Operation> operations(Random random) {
        List<Operation> operations = new ArrayList<>();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int choice = random.nextInt(100);
            String pattern = PATTERNS.get(random.nextInt(PATTERNS.size()));
            int listener = random.nextInt(LISTENERS);
            if (choice < 22) {
                operations.add(new Add(Kind.ON, pattern, listener));
            }
            else if (choice < 32) {
                operations.add(new Add(Kind.ONCE, pattern, listener));
            }
            else if (choice < 41) {
                operations.add(new Add(Kind.PREPEND, pattern, listener));
            }
            else if (choice < 48) {
                operations.add(new Add(Kind.PREPEND_ONCE, pattern, listener));
            }
            else if (choice < 56) {
                operations.add(new Off(pattern, listener));
            }
            else if (choice < 62) {
                operations.add(new Close(random.nextInt(8)));
            }
            else if (choice < 66) {
                operations.add(new RemoveAllOf(pattern));
            }
            else if (choice < 68) {
                operations.add(new RemoveAll());
            }
            else {
                operations.add(new Emit(NAMES.get(random.nextInt(NAMES.size()))));
            }
        }
        return operations;
    }

    private static String program(List<Operation> operations) {
        StringBuilder program = new StringBuilder();
        for (int i = 0; i < operations.size(); i++) {
            program.append(String.format("%3d. %s%n", i + 1, operations.get(i)));
        }
        return program.toString();
    }

    // ---- the two sides

    /** The emitter under test, with listeners that log "L1<-a.b" for each call. */
    static final class Real {

        final Emitter emitter = Emitter.builder().maxListeners(0).build();

        final List<String> calls = new ArrayList<>();

        final List<Subscription> subscriptions = new ArrayList<>();

        final Listener[] listeners = new Listener[LISTENERS];

        Real() {
            for (int i = 0; i < LISTENERS; i++) {
                String label = "L" + i;
                this.listeners[i] = (Event event) -> this.calls.add(label + "<-" + event.name());
            }
        }
    }

    /** One registration in the model. */
    static final class Entry {

        final String pattern;

        final int listener;

        final boolean once;

        final long position;

        boolean registered = true;

        boolean fired;

        Entry(String pattern, int listener, boolean once, long position) {
            this.pattern = pattern;
            this.listener = listener;
            this.once = once;
            this.position = position;
        }
    }

    /**
     * The contract as plain lists: registrations in the order they were added; dispatch order by position, where
     * {@code on} takes the next position at the tail and {@code prepend*} the next one at the head.
     */
    static final class Model {

        final List<Entry> added = new ArrayList<>();

        final List<Entry> subscriptions = new ArrayList<>();

        final List<String> calls = new ArrayList<>();

        /** Registrations per name or pattern, in first-registration order, dropped when none is left. */
        final Map<String, Integer> counts = new LinkedHashMap<>();

        long head;

        long tail;

        List<Entry> registered() {
            return this.added.stream().filter((entry) -> entry.registered).toList();
        }

        List<Entry> plan(String name) {
            return registered().stream()
                .filter((entry) -> matches(entry.pattern, name))
                .sorted(Comparator.comparingLong((Entry entry) -> entry.position))
                .toList();
        }

        List<String> listeners(String name) {
            return plan(name).stream().map((entry) -> (entry.once ? "once " : "") + entry.pattern).toList();
        }

        Entry add(String pattern, int listener, boolean once, boolean prepend) {
            // newListener is emitted before the registration is added
            if (!plan("newListener").isEmpty()) {
                emit("newListener");
            }
            Entry entry = new Entry(pattern, listener, once, prepend ? --this.head : ++this.tail);
            this.added.add(entry);
            this.counts.merge(pattern, 1, Integer::sum);
            return entry;
        }

        boolean off(String pattern, int listener) {
            List<Entry> registered = registered();
            for (int i = registered.size() - 1; i >= 0; i--) {
                Entry entry = registered.get(i);
                if (entry.pattern.equals(pattern) && entry.listener == listener) {
                    remove(List.of(entry));
                    return true;
                }
            }
            return false;
        }

        /** Removes those still registered together, then announces each with removeListener, in added order. */
        int remove(List<Entry> entries) {
            List<Entry> removed = this.added.stream()
                .filter((entry) -> entry.registered && entries.contains(entry))
                .toList();
            for (Entry entry : removed) {
                entry.registered = false;
                if (this.counts.merge(entry.pattern, -1, Integer::sum) == 0) {
                    this.counts.remove(entry.pattern);
                }
            }
            if (!removed.isEmpty() && !plan("removeListener").isEmpty()) {
                for (int i = 0; i < removed.size(); i++) {
                    emit("removeListener");
                }
            }
            return removed.size();
        }

        /** Removes one at a time, the last in dispatch order first, each announced before the next goes. */
        int removeNewestFirst(List<Entry> entries) {
            int removed = 0;
            List<Entry> newestFirst = entries.stream()
                .sorted(Comparator.comparingLong((Entry entry) -> entry.position).reversed())
                .toList();
            for (Entry entry : newestFirst) {
                removed += remove(List.of(entry));
            }
            return removed;
        }

        /**
         * The listeners matching when the emit starts are called in order; a once-listener that already fired is
         * skipped, and one that fires is removed (and announced) before it is called.
         */
        boolean emit(String name) {
            List<Entry> plan = plan(name);
            for (Entry entry : plan) {
                if (entry.once) {
                    if (entry.fired) {
                        continue;
                    }
                    entry.fired = true;
                    remove(List.of(entry));
                }
                this.calls.add("L" + entry.listener + "<-" + name);
            }
            return !plan.isEmpty();
        }
    }

    /** The pattern rule, as in the reference of {@link EventPatternPropertyTest}. */
    static boolean matches(String pattern, String name) {
        return EventPatternPropertyTest.referenceMatches(List.of(pattern.split("\\.")), List.of(name.split("\\.")));
    }

}
