package org.paymentroutes.outcome;

import org.apache.camel.Exchange;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;

/** Message bodies built from the store's current view of a payment, for the routes to send. */
public final class OutcomeBodies {

    private final PaymentStore store;

    public OutcomeBodies(PaymentStore store) {
        this.store = store;
    }

    /** The source of the payment's latest published change, for re-publishing it unchanged to a duplicate. */
    public String currentOutcome(Exchange exchange) {
        Payment p = payment(exchange);
        String source = store.history().of(p.orderId()).stream().filter(h -> h.published()).reduce((a, b) -> b)
                .map(h -> h.source()).orElse("intake");
        return Messages.outcome(p, source);
    }

    /** The action the payer must take now, or null when there is none (the route then sends nothing). */
    public String currentAction(Exchange exchange) {
        Payment p = payment(exchange);
        return p.status() == PaymentStatus.ACTION_REQUIRED && p.actionUrl() != null ? Messages.redirectAction(p) : null;
    }

    private Payment payment(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        return store.payments().find(orderId).orElseThrow(() -> new IllegalStateException("no payment " + orderId));
    }
}
