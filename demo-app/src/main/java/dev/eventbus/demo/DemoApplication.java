package dev.eventbus.demo;

import dev.eventbus.Emitter;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The demo: an order flow on the auto-configured {@link Emitter}, with nothing to install beside it. Scheduling
 * feeds the live page ({@link LiveFeed}).
 */
@SpringBootApplication
@EnableScheduling
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    /**
     * Greets once the application has started; every {@code @On} method is registered by then.
     */
    @Bean
    ApplicationRunner greetAtStartup(Emitter emitter) {
        return (args) -> emitter.emit("greet");
    }
}
