package org.paymentroutes.store;

/**
 * How the status report of a payment that came in a file (a pain.002) is written, handed to the
 * store like {@link OutcomeFormat} so that the report goes to the outbox in the change's transaction.
 */
@FunctionalInterface
public interface StatusReportFormat {
    /** The report on the payment's new status, or null when that status is not reported. */
    String format(Payment payment, FileTransaction ref);
}
