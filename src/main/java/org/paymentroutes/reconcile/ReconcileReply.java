package org.paymentroutes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.store.Payment;

/**
 * The answer to an operator's {@code reconcile ORDER_ID}: whether the provider was asked, what
 * ({@code GET /v1/payments/single/123}), what it said, and the payment as the store holds it after.
 * {@code "source": "provider"} only when the provider answered; otherwise {@code "source": "store"}
 * and {@code why} says why it was not asked or could not answer. Filled by the reconciliation steps
 * of the one payment (shared with the split's exchange, like the run's counters).
 */
public final class ReconcileReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String orderId;
    private final String requestId;
    private volatile String asked;
    private volatile String providerStatus;
    private volatile boolean answered;
    private volatile String why;

    ReconcileReply(String orderId, String requestId) {
        this.orderId = orderId;
        this.requestId = requestId;
    }

    /** The CLI's id for its reply (a correlation id): letters, digits and dashes, at most 64; anything else is dropped. */
    static String requestId(String value) {
        return value != null && value.matches("[A-Za-z0-9-]{1,64}") ? value : null;
    }

    String orderId() {
        return orderId;
    }

    /** The JMS correlation id of the reply (the request's id, else the order id). */
    public String correlationId() {
        return requestId != null ? requestId : orderId;
    }

    String why() {
        return why;
    }

    void notAsked(String reason) {
        this.why = reason;
    }

    void failed(String asked, String reason) {
        this.asked = asked;
        this.why = "the provider could not answer: " + reason;
    }

    /** The check ran; {@code providerStatus} is null when the provider gave no usable answer (then {@link #failed} said why). */
    void answered(String asked, String providerStatus) {
        if (why == null && providerStatus != null) {
            this.asked = asked;
            this.providerStatus = providerStatus;
            this.answered = true;
        } else if (why == null) {
            this.asked = asked;
            this.why = "the provider's answer could not be used (see the payment's history)";
        }
    }

    String json(Payment payment) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 1);
        m.put("orderId", orderId);
        m.put("source", answered ? "provider" : "store");
        m.put("asked", asked);
        m.put("providerStatus", providerStatus);
        m.put("why", why);
        try {
            m.set("payment", payment == null ? null : JSON.readTree(Messages.outcome(payment, answered ? "reconciliation" : "store")));
        } catch (Exception e) {
            throw new IllegalStateException("outcome of " + orderId + " unreadable", e);
        }
        return m.toString();
    }
}
