package dev.eventbus.actuate;

import dev.eventbus.Event;
import dev.eventbus.On;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A small web application with a few listeners, for the endpoint over HTTP. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class EventBusEndpointTestApplication {

    @Bean
    OrderListeners orderListeners() {
        return new OrderListeners();
    }

    static class OrderListeners {

        @On(value = "order.*", order = -5, async = true)
        public void audit(Event event) {
        }

        @On(value = "order.created", order = 10)
        public void onCreated(String orderId) {
        }

        @On(value = "order.shipped", condition = "#args.length > 0", id = "shipping")
        public void onShipped() {
        }

    }

}
