package dev.eventbus.transaction;

/**
 * What a listener with a transaction phase does when its event is emitted with no transaction active
 * ({@code eventbus.transactions.outside}). It is never skipped silently.
 */
public enum OutsideTransaction {

    /** Run it at once, as a listener without a phase runs. */
    RUN,

    /** Make the emit fail with a {@link dev.eventbus.TransactionRequiredException} naming the listener. */
    FAIL

}
