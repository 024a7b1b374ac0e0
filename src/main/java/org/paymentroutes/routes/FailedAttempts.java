package org.paymentroutes.routes;

import org.apache.camel.Exchange;
import org.paymentroutes.provider.TokenUnavailableException;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared error handler of the routes on a payment's path ({@code routes/errors.camel.yaml}): a
 * failed attempt is logged once, noted in the payment's history, and gives back a claim it held, so
 * the next delivery (the broker's redelivery, or the next reconciliation) need not wait for the claim
 * to lapse. The exception itself stays unhandled: the JMS transaction rolls back and the broker retries.
 */
public final class FailedAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(FailedAttempts.class);

    private final PaymentStore store;

    public FailedAttempts(PaymentStore store) {
        this.store = store;
    }

    public void record(Exchange exchange) {
        if (exchange.getProperty(ExchangeKeys.CIRCUIT_PROBE, false, Boolean.class)) {
            return; // a circuit breaker's probe: no payment, and the circuit logs the outage once (CircuitPolicy)
        }
        if (exchange.getProperty(ExchangeKeys.PAGE_IN_FLIGHT, false, Boolean.class)
                && isCause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class), java.io.IOException.class)) {
            // A page of Fintecture's listing got no answer: the lookup asks for it again (its doCatch
            // takes IOExceptions, as causes too), and only a lookup that gives up is the order's failed attempt.
            return;
        }
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        String source = exchange.getProperty(ExchangeKeys.SOURCE, "intake", String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Integer delivery = exchange.getProperty(ExchangeKeys.DELIVERY, Integer.class);
        LOG.warn("Order {}: {} failed{}: {}", orderId, source,
                delivery == null ? "" : " (delivery " + delivery + "; the broker will redeliver it)", why);
        if (orderId == null) {
            return;
        }
        try {
            if (store.payments().find(orderId).isPresent()) {
                store.history().note(orderId, source, (delivery == null ? "" : "attempt " + delivery + " ") + "failed: " + why);
            }
            if (exchange.getProperty(ExchangeKeys.CLAIMED, false, Boolean.class)) {
                // A lookup of a lost answer that could not get a token sent nothing either, but the
                // lost call's payment may still be out there: the mark stays until it is settled.
                if (isCause(cause, TokenUnavailableException.class) && !exchange.getProperty(ExchangeKeys.LOST_ANSWER, false, Boolean.class)) {
                    // No token, no call: whatever this attempt sent was answered (a 401 before the
                    // renewal), so the order is not uncertain although the mark was set before the
                    // token was fetched.
                    store.payments().releaseUnsent(orderId);
                } else {
                    store.payments().release(orderId);
                }
            }
        } catch (RuntimeException e) {
            // The store itself may be what failed; the lease then simply lapses.
            LOG.warn("Order {}: could not record the failed attempt ({})", orderId, e.getMessage());
        }
    }

    private static boolean isCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
