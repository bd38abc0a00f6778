package dev.eventbus.demo;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}.
 *
 * @param item what to order
 * @param quantity how many
 * @param amount what the customer pays
 */
record OrderRequest(@Nullable String item, int quantity, @Nullable BigDecimal amount) {
}
