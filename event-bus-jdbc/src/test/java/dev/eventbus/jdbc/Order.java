package dev.eventbus.jdbc;

/**
 * The argument the tests' durable listeners take: a record, so it makes the trip to JSON and back.
 */
record Order(String id, int amount) {
}
