package dev.eventbus.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One contender of the Kafka benchmark: a receiving and a sending application context on the same broker, the
 * receiver's listener doing the {@link Receipts} work. One batch: {@code events} events, spread over
 * {@value #CUSTOMERS} customers in turn (the record key), sent from the calling thread, then the wait until the
 * receiver's listener has had them all.
 */
public abstract class KafkaContender implements AutoCloseable {

    /** The customers, each one record key. */
    static final int CUSTOMERS = 16;

    /** The partitions of each contender's topic. */
    static final int PARTITIONS = 6;

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /**
     * Auto-configurations that neither contender uses and that the benchmarks' class path holds: a DataSource (none is
     * configured; with one, the event bus would send through its outbox, which is not what is measured here) and
     * Spring Modulith, which the durable benchmark measures.
     */
    static final List<String> UNUSED_AUTO_CONFIGURATION = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "dev.eventbus.jdbc.DurableDeliveryAutoConfiguration",
            "dev.eventbus.jdbc.DurablePublicationMetricsAutoConfiguration",
            "dev.eventbus.jdbc.PublicationsEndpointAutoConfiguration",
            "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
            "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
            "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
            "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration",
            "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration",
            "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification",
            "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration");

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    private final String[] customers = new String[CUSTOMERS];

    private final long[] nextSequence = new long[CUSTOMERS];

    private final Latencies latencies = new Latencies();

    private final Latencies firstLatencies = new Latencies();

    private boolean measuring;

    private long sent;

    protected KafkaContender() {
        for (int i = 0; i < CUSTOMERS; i++) {
            this.customers[i] = String.format("customer-%02d", i);
        }
    }

    /**
     * Starts an application context of this contender; it is closed with the contender, in the reverse order.
     * @param application its configuration
     * @param properties its properties, beyond the quiet defaults
     * @param alsoExcluded auto-configurations it leaves out beyond {@link #UNUSED_AUTO_CONFIGURATION}
     * @return the context
     */
    protected final ConfigurableApplicationContext start(Class<?> application, List<String> properties,
            List<String> alsoExcluded) {
        List<String> excluded = new ArrayList<>(UNUSED_AUTO_CONFIGURATION);
        excluded.addAll(alsoExcluded);
        List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off", "spring.main.log-startup-info=false",
                "logging.level.root=warn", "spring.autoconfigure.exclude=" + String.join(",", excluded)));
        all.addAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
            .web(WebApplicationType.NONE)
            .properties(all.toArray(String[]::new))
            .run();
        this.contexts.add(context);
        return context;
    }

    /** Sends one event from the sending context. */
    protected abstract void send(CustomerOrder order);

    /** The receiving context's listener work. */
    protected abstract Receipts receipts();

    /**
     * Sends one event per customer and waits until they have all arrived: the receiver's consumer has its
     * partitions, and delivery works, before anything is measured.
     */
    protected final void prime() {
        sendAndAwait(CUSTOMERS);
    }

    /**
     * Whether the next batches are measured (their latencies kept) or warm-up.
     * @param measuring whether they are
     */
    void measuring(boolean measuring) {
        this.measuring = measuring;
    }

    /**
     * Sends a batch and waits until the receiver's listener has had every event of it.
     * @param events how many
     */
    void sendAndAwait(int events) {
        Receipts receipts = receipts();
        CountDownLatch arrived = receipts.expect(events);
        for (int i = 0; i < events; i++) {
            int customer = i % CUSTOMERS;
            CustomerOrder order = new CustomerOrder(this.customers[customer], this.nextSequence[customer]++,
                    System.nanoTime());
            if (i == 0) {
                receipts.first(order.emittedAt());
            }
            send(order);
        }
        this.sent += events;
        try {
            if (!arrived.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(getClass().getSimpleName() + ": " + arrived.getCount() + " of "
                        + events + " events had not reached the listener after " + TIMEOUT + " (" + receipts.received()
                        + " received of " + this.sent + " sent)");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the listener", ex);
        }
        receipts.requireOrder();
        if (this.measuring) {
            this.latencies.add(receipts.latencies(), events);
            long first = receipts.firstLatency();
            if (first >= 0) {
                this.firstLatencies.add(new long[] { first }, 1);
            }
        }
    }

    /**
     * Checks the trial at its end: every event received exactly once, each in its customer's order; then reports
     * the latencies.
     * @param benchmark the benchmark method's full name
     * @param params the trial's parameters
     */
    void finish(String benchmark, Map<String, String> params) {
        Receipts receipts = receipts();
        // a late duplicate would arrive after its batch was complete: give it the time to show
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        receipts.requireOrder();
        if (receipts.received() != this.sent) {
            throw new IllegalStateException(getClass().getSimpleName() + ": " + receipts.received()
                    + " events received, " + this.sent + " sent");
        }
        if (receipts.customers() != CUSTOMERS) {
            throw new IllegalStateException(getClass().getSimpleName() + ": events of " + receipts.customers()
                    + " customers received, " + CUSTOMERS + " sent");
        }
        this.latencies.report(benchmark, params, receipts, this.firstLatencies);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        // the sender first (its last sends leave), then the receiver
        for (int i = this.contexts.size() - 1; i >= 0; i--) {
            try {
                this.contexts.get(i).close();
            }
            catch (RuntimeException ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
            }
        }
        this.contexts.clear();
        if (failure != null) {
            throw failure;
        }
    }

}
