package dev.eventbus.transaction;

import dev.eventbus.EventBusException;
import dev.eventbus.Phase;
import dev.eventbus.TransactionRequiredException;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.Invocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a listener's invocation until a phase of the Spring-managed transaction active at the emit, then passes it
 * to the delivery it wraps: inline for a sync listener, the bus executor for an async one.
 * <p>
 * {@code BEFORE_COMMIT} runs inside the transaction: a sync listener's failure fails the commit, which rolls the
 * transaction back, and reaches the committing caller. The other phases run once the transaction has completed, when
 * there is no caller left to throw to: a sync listener then runs as an async one does (its failure goes to the
 * {@code emitAsync} future, or the {@code "error"} event, or the log), because Spring would only log what a
 * completion callback throws. An invocation whose phase never comes (an {@code AFTER_COMMIT} listener of a
 * transaction that rolled back) is withdrawn, so that an {@code emitAsync} future does not wait for it.
 * <p>
 * With no transaction active at the emit, {@link OutsideTransaction} decides.
 */
final class TransactionPhaseDelivery implements Delivery {

    private static final Log logger = LogFactory.getLog(TransactionPhaseDelivery.class);

    /**
     * Set while this thread runs {@code BEFORE_COMMIT} listeners: Spring has taken its list of synchronizations for
     * that phase, so a {@code BEFORE_COMMIT} invocation emitted then runs at once, its phase being now.
     */
    private static final ThreadLocal<Boolean> BEFORE_COMMIT_RUNNING = new ThreadLocal<>();

    private final Phase phase;

    private final boolean async;

    private final Delivery delivery;

    private final OutsideTransaction outside;

    TransactionPhaseDelivery(Phase phase, boolean async, Delivery delivery, OutsideTransaction outside) {
        this.phase = phase;
        this.async = async;
        this.delivery = delivery;
        this.outside = outside;
    }

    @Override
    public void deliver(Invocation invocation) throws Throwable {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            if (this.phase == Phase.BEFORE_COMMIT && BEFORE_COMMIT_RUNNING.get() != null) {
                this.delivery.deliver(invocation);
                return;
            }
            TransactionSynchronizationManager.registerSynchronization(new AtPhase(invocation));
            return;
        }
        if (this.outside == OutsideTransaction.FAIL) {
            throw new TransactionRequiredException(invocation.event().name(), invocation.listener().id(),
                    this.phase);
        }
        this.delivery.deliver(invocation);
    }

    /** Runs an invocation after its transaction has completed, where nobody can catch what it throws. */
    private void runAfterCompletion(Invocation invocation) {
        if (!this.async) {
            invocation.run();
            return;
        }
        try {
            this.delivery.deliver(invocation);
        }
        catch (Throwable ex) {
            // a refused hand-off has released its invocation; its failure has no caller and no future left
            invocation.withdraw();
            logger.error("Listener '" + invocation.listener().id() + "' could not be handed to the bus executor at "
                    + "phase " + this.phase + " of the transaction in which event '" + invocation.event().name()
                    + "' was emitted", ex);
        }
    }

    @Override
    public String toString() {
        return "TransactionPhaseDelivery[" + this.phase + ", " + this.delivery + "]";
    }

    /** One invocation, waiting for its phase. */
    private final class AtPhase implements TransactionSynchronization {

        private final Invocation invocation;

        AtPhase(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (TransactionPhaseDelivery.this.phase != Phase.BEFORE_COMMIT) {
                return;
            }
            boolean outermost = BEFORE_COMMIT_RUNNING.get() == null;
            BEFORE_COMMIT_RUNNING.set(Boolean.TRUE);
            try {
                TransactionPhaseDelivery.this.delivery.deliver(this.invocation);
            }
            catch (RuntimeException | Error ex) {
                throw ex;
            }
            catch (Throwable ex) {
                throw new EventBusException("Listener '" + this.invocation.listener().id() + "' failed before the "
                        + "commit of the transaction in which event '" + this.invocation.event().name()
                        + "' was emitted", ex);
            }
            finally {
                if (outermost) {
                    BEFORE_COMMIT_RUNNING.remove();
                }
            }
        }

        @Override
        public void afterCompletion(int status) {
            Phase phase = TransactionPhaseDelivery.this.phase;
            boolean due = switch (phase) {
                case AFTER_COMMIT -> status == STATUS_COMMITTED;
                case AFTER_ROLLBACK -> status == STATUS_ROLLED_BACK;
                case AFTER_COMPLETION -> true;
                default -> false;
            };
            if (due) {
                runAfterCompletion(this.invocation);
            }
            else {
                // its phase never came (or, before the commit, it has run already and this does nothing)
                this.invocation.withdraw();
            }
        }

    }

}
