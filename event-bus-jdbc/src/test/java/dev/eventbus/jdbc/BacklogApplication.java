package dev.eventbus.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.eventbus.On;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application a backlog test starts in a small JVM: it recovers the owed publications it finds in the log,
 * then prints how many its listener received and the sum of their job numbers, and exits.
 * Arguments: the JDBC URL.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(BacklogApplication.Counter.class)
public class BacklogApplication {

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        try (ConfigurableApplicationContext context = Applications.start(args[0],
                new Class<?>[] { BacklogApplication.class }, "eventbus.instance-id=recovering")) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            while (jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_publication WHERE status = 'owed'",
                    Integer.class) > 0) {
                Thread.sleep(200);
            }
            Counter counter = context.getBean(Counter.class);
            System.out.println("received " + counter.received.get());
            System.out.println("sum " + counter.sum.get());
            System.out.println("seconds " + (System.nanoTime() - start) / 1_000_000_000.0);
            System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
        }
        System.exit(0);
    }

    static class Counter {

        final AtomicInteger received = new AtomicInteger();

        final AtomicLong sum = new AtomicLong();

        @On(value = "job.requested", id = "count", durable = true)
        void count(Effects.Job job) {
            this.received.incrementAndGet();
            this.sum.addAndGet(job.number());
        }

    }

}
