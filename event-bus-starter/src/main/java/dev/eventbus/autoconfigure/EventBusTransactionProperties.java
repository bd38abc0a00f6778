package dev.eventbus.autoconfigure;

import dev.eventbus.transaction.OutsideTransaction;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of listeners with a transaction phase ({@code @On(phase = ...)}), under {@code eventbus.transactions}.
 */
@ConfigurationProperties("eventbus.transactions")
public class EventBusTransactionProperties {

    /**
     * What a listener with a transaction phase does when its event is emitted with no transaction active: 'run' runs
     * it at once, as a listener without a phase; 'fail' makes the emit throw a TransactionRequiredException naming
     * the listener. Such a listener is never skipped silently.
     */
    private OutsideTransaction outside = OutsideTransaction.RUN;

    public OutsideTransaction getOutside() {
        return this.outside;
    }

    public void setOutside(OutsideTransaction outside) {
        this.outside = outside;
    }

}
