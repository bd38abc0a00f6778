package dev.eventbus.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EventTagLimiterTest {

    private static final int THREADS = 4;

    @RegisterExtension
    final InstrumentationLog logged = new InstrumentationLog();

    @Test
    void aNameRepeatedAfterTheLimitKeepsTheTagItGotBefore() {
        EventTagLimiter limiter = new EventTagLimiter(1);

        assertThat(limiter.tagFor("a")).isEqualTo("a");
        assertThat(limiter.tagFor("b")).isEqualTo("other");
        assertThat(limiter.tagFor("a")).isEqualTo("a");
        assertThat(limiter.tagFor("b")).isEqualTo("other");
    }

    @Test
    void threadsRacingWithNewNamesAdmitExactlyTheLimitAndWarnOnce() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 1000; round++) {
                int limit = 1 + round % 20;
                EventTagLimiter limiter = new EventTagLimiter(limit);
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<Integer>> admitted = new ArrayList<>();
                for (int thread = 0; thread < THREADS; thread++) {
                    String prefix = "t" + thread + ".";
                    admitted.add(executor.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        int own = 0;
                        // every thread offers its own new names, so all of them cross the limit together
                        for (int name = 0; name < 2 * limit; name++) {
                            if (!limiter.tagFor(prefix + name).equals("other")) {
                                own++;
                            }
                        }
                        return own;
                    }));
                }
                int total = 0;
                for (Future<Integer> future : admitted) {
                    total += future.get(10, TimeUnit.SECONDS);
                }
                assertThat(total).as("names admitted in round %d with limit %d", round, limit).isEqualTo(limit);
                assertThat(this.logged.events()).as("warnings after round %d", round).hasSize(round + 1);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
