package dev.eventbus.kafka;

import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;

/**
 * Spring Kafka's observations of the bus's own producer and consumers, under names of their own
 * ({@value #SEND}, {@value #RECEIVE}): the application's templates and listeners keep {@code spring.kafka.*}, and a
 * registry that wants one set of tag keys per name (Prometheus) takes both.
 */
final class BusObservations {

    static final String SEND = "eventbus.kafka.send";

    static final String RECEIVE = "eventbus.kafka.receive";

    private BusObservations() {
    }

    static final class Send extends KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention {

        @Override
        public String getName() {
            return SEND;
        }

    }

    static final class Receive extends KafkaListenerObservation.DefaultKafkaListenerObservationConvention {

        @Override
        public String getName() {
            return RECEIVE;
        }

    }

}
