package dev.eventbus.demo;

import dev.eventbus.On;
import lombok.extern.slf4j.Slf4j;

import org.springframework.stereotype.Component;

/**
 * The smallest listener there is: a bean method with {@code @On}.
 */
@Slf4j
@Component
class Greeter {

    @On("greet")
    void greet() {
        log.info("Hello world!");
    }
}
