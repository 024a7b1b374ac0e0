package org.paymentroutes.store;

import java.util.Objects;

/**
 * What a channel learned about a payment, to apply with {@link Payments#transition}: the status it
 * reports and, optionally, the provider's raw status, the provider payment id, the payer's action URL
 * and a reason code (null keeps the stored value), where it came from and a detail for the history.
 * Built as {@code Transition.to(AUTHORIZED).providerStatus("payment_created").source("webhook")}.
 *
 * @param outbox      the change's outcome event is written to the outbox in the same transaction
 *                         (for channels that publish outside a JMS transaction: callback, webhook, reconciliation)
 * @param alternation the status may also move sideways between ACTION_REQUIRED and PENDING
 *                         ({@link PaymentStatus#canAlternateTo}): for a provider's step-by-step process
 *                         (Everifin's loop), whose steps alternate between needing the payer and processing
 */
public record Transition(PaymentStatus status, String providerStatus, String providerPaymentId, String actionUrl, String reasonCode,
                         String source, String detail, boolean outbox, boolean alternation) {

    public Transition {
        Objects.requireNonNull(status, "status");
    }

    /** What {@link Payments#transition} did: the payment after it, and whether the status changed (so must be published). */
    public record Result(Payment payment, boolean changed) {
    }

    public static Transition to(PaymentStatus status) {
        return new Transition(status, null, null, null, null, null, null, false, false);
    }

    public Transition providerStatus(String value) {
        return new Transition(status, value, providerPaymentId, actionUrl, reasonCode, source, detail, outbox, alternation);
    }

    public Transition providerPaymentId(String value) {
        return new Transition(status, providerStatus, value, actionUrl, reasonCode, source, detail, outbox, alternation);
    }

    public Transition actionUrl(String value) {
        return new Transition(status, providerStatus, providerPaymentId, value, reasonCode, source, detail, outbox, alternation);
    }

    public Transition reasonCode(String value) {
        return new Transition(status, providerStatus, providerPaymentId, actionUrl, value, source, detail, outbox, alternation);
    }

    public Transition source(String value) {
        return new Transition(status, providerStatus, providerPaymentId, actionUrl, reasonCode, value, detail, outbox, alternation);
    }

    public Transition detail(String value) {
        return new Transition(status, providerStatus, providerPaymentId, actionUrl, reasonCode, source, value, outbox, alternation);
    }

    public Transition viaOutbox() {
        return new Transition(status, providerStatus, providerPaymentId, actionUrl, reasonCode, source, detail, true, alternation);
    }

    public Transition allowAlternation() {
        return new Transition(status, providerStatus, providerPaymentId, actionUrl, reasonCode, source, detail, outbox, true);
    }

    /** Whether this report moves a payment that is {@code current} (else it is only kept in the history). */
    boolean moves(PaymentStatus current) {
        return current.canMoveTo(status) || (alternation && current.canAlternateTo(status));
    }
}
