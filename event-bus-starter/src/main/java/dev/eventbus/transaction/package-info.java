/**
 * Transaction phases ({@code @On(phase = ...)}): the delivery that holds a listener's invocation until a phase of
 * the Spring-managed transaction active at the emit. Spring Framework's {@code spring-tx} only; no Spring Boot.
 */
@NullMarked
package dev.eventbus.transaction;

import org.jspecify.annotations.NullMarked;
