package dev.eventbus.demo;

import java.math.BigDecimal;

/**
 * A placed order: the argument of every {@code order.*} event.
 *
 * @param id assigned when the order is placed
 * @param item what was ordered
 * @param quantity how many
 * @param amount what the customer pays
 */
record Order(long id, String item, int quantity, BigDecimal amount) {
}
