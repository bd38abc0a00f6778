package dev.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a listener for one or more event names or patterns.
 * <p>
 * In a Spring Boot application every {@code @On} method of every singleton bean is registered with the
 * context's {@link Emitter} once all singletons exist; outside Spring, {@link Emitter#register(Object)} registers
 * the methods of one object.
 * <p>
 * Parameters bind positionally to the emitted arguments; a parameter of type {@link Event} receives the envelope
 * and takes no position. Extra arguments are ignored, missing ones bind {@code null}. A missing or {@code null}
 * argument for a primitive parameter, or an argument not assignable to its parameter, fails the invocation with an
 * {@link ListenerArgumentException} and the method is not called. The return value is ignored, except a
 * {@link java.util.concurrent.CompletionStage}, whose completion ends the listener's work.
 * <p>
 * An invalid declaration (no names, a malformed pattern, a static method, an unparsable condition or one that
 * reads an unknown variable, more than one {@code Event} parameter) fails registration with a
 * {@link ListenerDefinitionException} naming the class and method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface On {

    /**
     * Event names or patterns; at least one. {@code *} matches exactly one segment, {@code **} zero or more.
     * @return the names or patterns this method listens to
     */
    String[] value();

    /**
     * Whether the listener is called at most once, then removed (even under concurrent emits).
     * @return whether this is a once-listener
     */
    boolean once() default false;

    /**
     * Dispatch order; lower runs first. Listeners of equal order run in registration order.
     * <p>
     * {@code 0} (the default) counts as unset: the order is then that of
     * {@link org.springframework.core.annotation.Order @Order} on the method, else the bean's order
     * ({@link org.springframework.core.Ordered#getOrder()} of a bean already created, else {@code @Order} on its
     * class), else {@code 0}. Put {@code @Order(0)} on the method to keep it at {@code 0} in an ordered bean.
     * @return the order
     */
    int order() default 0;

    /**
     * Whether the listener runs on the bus executor instead of the emitting thread. Its failures are emitted as
     * the {@code "error"} event.
     * @return whether the listener is asynchronous
     */
    boolean async() default false;

    /**
     * Whether an async listener receives its events one at a time, in the order they were emitted: it never runs
     * concurrently with itself, and an invocation starts only when the previous one has finished (including the
     * {@link java.util.concurrent.CompletionStage} it returned). Each invocation is still a task of the bus
     * executor, so no thread is reserved for the listener. Events emitted by one thread arrive in that thread's emit
     * order; events emitted concurrently by several threads arrive in the order their emits reached this listener.
     * A failure is reported like any async failure and does not hold up the next event. Only valid with
     * {@code async = true}; otherwise registration fails with a {@link ListenerDefinitionException}.
     * @return whether the listener's invocations are serialized in emit order
     */
    boolean ordered() default false;

    /**
     * A SpEL expression; the listener runs only when it evaluates to {@code true}. Variables: {@code #event},
     * {@code #args}, {@code #a0}.. / {@code #p0}.. and the parameter names, as bound, besides SpEL's own
     * {@code #root} and {@code #this}; reading any other variable fails registration with a
     * {@link ListenerDefinitionException}. Evaluated on the emitting thread, before an async listener is handed to
     * the executor.
     * @return the condition, or {@code ""} for none
     */
    String condition() default "";

    /**
     * The listener id used in metrics, logs and errors; defaults to {@code beanName#methodName} in a Spring
     * context and {@code SimpleClassName#methodName} outside one.
     * @return the id, or {@code ""} for the default
     */
    String id() default "";

    /**
     * When the listener runs, relative to the Spring-managed transaction active at the emit: {@link Phase#IMMEDIATE}
     * (the default) at the emit; {@link Phase#BEFORE_COMMIT} inside the transaction, just before it commits; the
     * others once it has completed. A listener with a phase runs on the committing thread, or on the bus executor
     * when it is {@link #async()} (not at {@code BEFORE_COMMIT}, which runs inside the transaction). With no transaction active, {@code eventbus.transactions.outside} decides:
     * {@code run} (the default) runs it at once, {@code fail} makes the emit throw a
     * {@link TransactionRequiredException} naming it. Needs {@code spring-tx} on the class path for any phase but
     * {@code IMMEDIATE}.
     * @return the phase
     */
    Phase phase() default Phase.IMMEDIATE;

    /**
     * Whether each event this listener accepts is first written down as a publication (event id, listener id, event
     * name, arguments as JSON) in the emitting transaction, or in a transaction of its own before the emit returns
     * when none is active; the listener then runs after the commit on the bus executor, failures are retried with
     * backoff, and publications still owed after a crash or a restart are delivered then. Its arguments are bound
     * back to the method's declared parameter types. A durable listener is always asynchronous. Needs the
     * {@code event-bus-spring-boot-starter-jdbc} artifact; cannot be combined with {@link #once()},
     * {@link #ordered()}, or a phase other than {@code IMMEDIATE} or {@code AFTER_COMMIT}: registration fails with a
     * {@link ListenerDefinitionException} naming the method.
     * @return whether the listener's deliveries survive a crash
     */
    boolean durable() default false;

    /**
     * Which instances of the application run this listener: {@link Instances#THIS} (the default) for events
     * emitted here; {@link Instances#ALL} and {@link Instances#ONE} for events emitted in any instance, which need
     * the {@code event-bus-spring-boot-starter-kafka} artifact (without it, registration fails, naming the method).
     * @return the audience of the listener
     */
    Instances instances() default Instances.THIS;
}
