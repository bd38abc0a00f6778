package dev.eventbus;

/**
 * When a listener runs, relative to the Spring-managed transaction that was active when the event was emitted
 * ({@link On#phase()}). With no transaction active at the emit, {@code eventbus.transactions.outside} decides: run
 * the listener as {@link #IMMEDIATE} (the default) or make the emit fail; a listener is never skipped silently.
 */
public enum Phase {

    /** At the emit, whether or not a transaction is active: the behaviour of a listener without a phase. */
    IMMEDIATE,

    /**
     * Inside the transaction, just before it commits: a sync listener's failure rolls the transaction back and
     * reaches the committing caller.
     */
    BEFORE_COMMIT,

    /** Once the transaction has committed; not at all when it rolls back. */
    AFTER_COMMIT,

    /** Once the transaction has rolled back; not at all when it commits. */
    AFTER_ROLLBACK,

    /** Once the transaction has completed, committed or rolled back. */
    AFTER_COMPLETION

}
