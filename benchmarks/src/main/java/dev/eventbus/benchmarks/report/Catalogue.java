package dev.eventbus.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * What the report knows about the suite: the order and titles of the scenarios, and for each benchmark method the
 * label a reader sees and whether it is our bus, a peer, or a floor to measure against. A benchmark it does not know
 * still shows, under its method name, after the known ones.
 */
final class Catalogue {

    /** What a contender is to the reader. */
    enum Role {

        /** Our bus, highlighted. */
        OURS,

        /** Another library doing the same work. */
        PEER,

        /** Not a contender: the work without a bus (the direct call) or without the emit (a baseline). */
        FLOOR

    }

    /**
     * A benchmark method as the report shows it.
     * @param method the benchmark method
     * @param label what the reader sees
     * @param role what it is
     */
    record Contender(String method, String label, Role role) {
    }

    /**
     * A benchmark class as the report shows it.
     * @param type the benchmark class's simple name
     * @param title the panel title; {@code {name}} stands for the value of parameter {@code name}
     * @param contenders the known methods, in the order of the bars; the first {@link Role#OURS} one is the
     * reference of the ratios
     */
    record Scenario(String type, String title, List<Contender> contenders) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("SyncEmitBenchmark", "Sync emit, 1 argument, {listeners}",
                    List.of(floor("direct", "direct call (floor)"), ours("eventBusOn", "event bus, @On"),
                            ours("eventBusLambda", "event bus, lambda"),
                            ours("eventBusStarter", "event bus, @On via starter"),
                            peer("greenrobot", "greenrobot EventBus"), peer("mbassador", "MBassador"),
                            peer("guava", "Guava EventBus"), peer("spring", "Spring publishEvent"))),
            new Scenario("PatternBenchmark", "Name vs wildcard, steady state, {listeners}",
                    List.of(ours("exactName", "order.placed"), ours("singleWildcard", "order.*"),
                            ours("multiWildcard", "order.**"))),
            new Scenario("FirstEmitAfterChangeBenchmark", "First emit after a registration change, {listeners}",
                    List.of(floor("registrationChangeOnly", "change only (baseline)"),
                            ours("exactName", "change + emit, exact"),
                            ours("singleWildcard", "change + emit, order.*"))),
            new Scenario("MetricsBenchmark", "Metrics, @On, {listeners}",
                    List.of(ours("metricsOff", "metrics off"), ours("simpleRegistry", "SimpleMeterRegistry"),
                            ours("prometheusRegistry", "PrometheusMeterRegistry"),
                            floor("simpleTimerRecord", "Micrometer Timer.record + 1 nanoTime, Simple (reference)"),
                            floor("prometheusTimerRecord",
                                    "Micrometer Timer.record + 1 nanoTime, Prometheus (reference)"))),
            new Scenario("ConcurrentEmitBenchmark", "Producer threads, {listeners}, metrics {metrics}",
                    List.of(floor("directOneThread", "direct call, 1 thread (floor)"),
                            floor("directTwoThreads", "direct call, 2 threads, per thread (floor)"),
                            ours("eventBusOneThread", "event bus, @On, 1 thread"),
                            ours("eventBusTwoThreads", "event bus, @On, 2 threads, per thread"))),
            new Scenario("ConditionBenchmark", "Conditions, @On, 1 listener",
                    List.of(ours("noCondition", "no condition"),
                            ours("conditionHolds", "compiled condition holds"),
                            ours("conditionFails", "compiled condition fails"),
                            ours("interpretedConditionHolds", "interpreted condition holds"))),
            new Scenario("AsyncHandOffBenchmark", "Async hand-off, producer's time per event",
                    List.of(ours("eventBus", "event bus, @On(async)"), peer("greenrobot", "greenrobot ASYNC"),
                            peer("guava", "Guava AsyncEventBus"))),
            new Scenario("AsyncEndToEndBenchmark", "Async end to end, batch of 100 events",
                    List.of(ours("eventBus", "event bus, @On(async)"), peer("greenrobot", "greenrobot ASYNC"),
                            peer("guava", "Guava AsyncEventBus"))),
            new Scenario("StartupBenchmark", "Context start, 1,000 listener methods on {classes} classes",
                    List.of(floor("plainBeans", "beans only (baseline)"),
                            floor("plainBeansWithStarter", "beans + starter (baseline)"),
                            ours("eventBusOn", "event bus, @On"),
                            peer("springEventListener", "Spring @EventListener"))),
            new Scenario("KafkaDeliveryBenchmark", "Across instances over Kafka, per event (batches of 1,000)",
                    List.of(ours("eventBus", "event bus, @On(instances = ONE)"),
                            floor("kafkaTemplate", "KafkaTemplate + @KafkaListener (floor)"))),
            new Scenario("DurableDeliveryBenchmark", "Durable delivery, {contender}, {producers}, per event",
                    List.of(ours("publishDeliverComplete", "publish, deliver, complete"))));

    private Catalogue() {
    }

    private static Contender ours(String method, String label) {
        return new Contender(method, label, Role.OURS);
    }

    private static Contender peer(String method, String label) {
        return new Contender(method, label, Role.PEER);
    }

    private static Contender floor(String method, String label) {
        return new Contender(method, label, Role.FLOOR);
    }

    /**
     * The position of a scenario in the report; unknown ones go last.
     * @param type the benchmark class's simple name
     * @return its position
     */
    static int scenarioOrder(String type) {
        for (int i = 0; i < SCENARIOS.size(); i++) {
            if (SCENARIOS.get(i).type().equals(type)) {
                return i;
            }
        }
        return SCENARIOS.size();
    }

    /**
     * The position of a contender among its scenario's bars; unknown ones go last.
     * @param type the benchmark class's simple name
     * @param method the benchmark method
     * @return its position
     */
    static int contenderOrder(String type, String method) {
        List<Contender> contenders = scenario(type).contenders();
        for (int i = 0; i < contenders.size(); i++) {
            if (contenders.get(i).method().equals(method)) {
                return i;
            }
        }
        return contenders.size();
    }

    /**
     * How a benchmark method shows.
     * @param type the benchmark class's simple name
     * @param method the benchmark method
     * @return its contender; an unknown method counts as ours when its name says so
     */
    static Contender contender(String type, String method) {
        for (Contender contender : scenario(type).contenders()) {
            if (contender.method().equals(method)) {
                return contender;
            }
        }
        return new Contender(method, method, method.startsWith("eventBus") ? Role.OURS : Role.PEER);
    }

    /**
     * The title of one panel of a scenario.
     * @param type the benchmark class's simple name
     * @param params the parameters of the panel's results
     * @return the title
     */
    static String title(String type, Map<String, String> params) {
        String title = scenario(type).title();
        for (Map.Entry<String, String> param : params.entrySet()) {
            title = title.replace("{" + param.getKey() + "}", describe(param.getKey(), param.getValue()));
        }
        // a panel without the parameter (the metrics scenario's references) drops its placeholder
        return title.replaceAll(",? ?\\{[A-Za-z]+\\}", "");
    }

    private static String describe(String param, String value) {
        if (param.equals("listeners")) {
            return value + (value.equals("1") ? " listener" : " listeners");
        }
        if (param.equals("producers")) {
            return value + (value.equals("1") ? " producer thread" : " producer threads");
        }
        if (param.equals("metrics") && value.equals("simple")) {
            return "on (SimpleMeterRegistry)";
        }
        if (param.equals("classes") && value.length() > 3) {
            return value.substring(0, value.length() - 3) + "," + value.substring(value.length() - 3);
        }
        return value;
    }

    private static Scenario scenario(String type) {
        for (Scenario scenario : SCENARIOS) {
            if (scenario.type().equals(type)) {
                return scenario;
            }
        }
        return new Scenario(type, type, List.of());
    }

}
