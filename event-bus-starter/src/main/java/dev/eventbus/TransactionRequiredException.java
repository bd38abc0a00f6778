package dev.eventbus;

/**
 * Thrown by an emit that reaches a listener with a transaction {@link On#phase() phase} while no Spring-managed
 * transaction is active, when {@code eventbus.transactions.outside} is {@code fail}. It names the listener, so that
 * an emit outside a transaction never skips such a listener silently.
 */
public class TransactionRequiredException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String listenerId;

    /**
     * Creates the exception.
     * @param event the emitted name
     * @param listenerId the listener that needs a transaction
     * @param phase the phase it runs at
     */
    public TransactionRequiredException(String event, String listenerId, Phase phase) {
        super("Listener '" + listenerId + "' runs at phase " + phase + " of a transaction, but event '" + event
                + "' was emitted with no transaction active, and eventbus.transactions.outside is 'fail': emit it "
                + "inside a @Transactional method, or set eventbus.transactions.outside=run to run such listeners "
                + "at once outside a transaction");
        this.listenerId = listenerId;
    }

    /**
     * The listener that needs a transaction.
     * @return its id
     */
    public String getListenerId() {
        return this.listenerId;
    }

}
