package org.paymentroutes.store;

/** How an outcome event is written, handed to the store so that it can fill the outbox in the change's transaction. */
@FunctionalInterface
public interface OutcomeFormat {
    String format(Payment payment, String source);
}
