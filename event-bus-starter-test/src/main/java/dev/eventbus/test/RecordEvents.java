package dev.eventbus.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the events emitted while each test method of the annotated class runs (its {@code @BeforeEach} and
 * {@code @AfterEach} methods included), for assertions on {@link RecordedEvents}. Use it on a Spring test class
 * ({@code @SpringBootTest} or any other that loads an application context with the event-bus auto-configuration):
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;RecordEvents
 * class CheckoutTests {
 *
 *     &#64;Test
 *     void placingAnOrderAnnouncesIt(&#64;Autowired Checkout checkout, RecordedEvents events) {
 *         checkout.place(order);
 *         assertThat(events).emitted("order.placed").withArgs(order);
 *     }
 * }
 * </pre>
 * Inject {@link RecordedEvents} as a parameter of a test or lifecycle method, or as anything Spring autowires in a
 * test (an {@code @Autowired} field or parameter, an autowired test constructor): it is the same object.
 * Each test method starts with no events; emits caused by the previous test's async work are not recorded into it.
 * <p>
 * The recorder is installed in every test's application context whether or not its class carries this annotation,
 * so the annotation does not change which contexts are cached and shared. Test methods that record with the same
 * context must not run concurrently: the second one fails at its start, naming both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RecordedEventsParameterResolver.class)
public @interface RecordEvents {

}
