package dev.eventbus.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eventbus.Emitter;
import dev.eventbus.On;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small application on the auto-configured emitter, for the Spring tests of the test kit.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ShopApplication {

    @Bean
    Shop shop(Emitter emitter) {
        return new Shop(emitter);
    }

    @Bean
    Jobs jobs(Emitter emitter) {
        return new Jobs(emitter);
    }

    /**
     * Places orders: a sync inventory listener that refuses mugs, an async payment that announces
     * {@code order.paid}.
     */
    static class Shop {

        private final Emitter emitter;

        Shop(Emitter emitter) {
            this.emitter = emitter;
        }

        void place(String item) {
            this.emitter.emit("order.placed", item);
        }

        @On(value = "order.placed", order = -10)
        void reserve(String item) {
            if ("mug".equals(item)) {
                throw new IllegalStateException("Out of stock: mug");
            }
        }

        @On(value = "order.placed", async = true, id = "payment")
        void charge(String item) {
            this.emitter.emit("order.paid", item);
        }

    }

    /**
     * An async job that goes on until a test lets it finish, and then announces {@code job.done}.
     */
    static class Jobs {

        static final CountDownLatch mayFinish = new CountDownLatch(1);

        static final CountDownLatch finished = new CountDownLatch(1);

        private final Emitter emitter;

        Jobs(Emitter emitter) {
            this.emitter = emitter;
        }

        @On(value = "job.started", async = true)
        void run() throws InterruptedException {
            try {
                if (mayFinish.await(10, TimeUnit.SECONDS)) {
                    this.emitter.emit("job.done");
                }
            }
            finally {
                finished.countDown();
            }
        }

    }

}
