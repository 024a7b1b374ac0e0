package org.paymentroutes.sandbox.fintecture;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One payment session held by the sandbox. Immutable: each transition stores a new value.
 *
 * @param sessionId     32 lower-case hex characters, also the payment id and end_to_end_id
 * @param amount        the decimal string as the client sent it
 * @param status        Fintecture session status ({@code provider_required}, {@code payment_created}, ...)
 * @param transferState {@code data.attributes.transfer_state}, null until the payer has paid
 * @param provider      the payer's bank code, null until the payer has chosen one
 * @param executionDate set when the payer accepts, null before
 */
public record SandboxPayment(String sessionId, String amount, String currency, String communication,
                             String psuName, String redirectUri, String state, String status,
                             String transferState, String provider, String customerId,
                             LocalDate executionDate, Instant createdAt) {

    public static final String PROVIDER_REQUIRED = "provider_required";
    public static final String PAYMENT_CREATED = "payment_created";
    public static final String PAYMENT_UNSUCCESSFUL = "payment_unsuccessful";
    public static final String PAYMENT_EXPIRED = "payment_expired";
    /** The bank has not decided yet (what a scripted .05 amount ends in). */
    public static final String PAYMENT_PENDING = "payment_pending";
    /** Cancelled by the merchant ({@code PATCH /pis/v2/payments/{id}}): the connect page no longer takes a payment. */
    public static final String PAYMENT_CANCELLED = "payment_cancelled";
    /** The bank code the sandbox's payer page "connects" to. */
    public static final String SANDBOX_BANK = "sandbox_bank";

    /** Fintecture's meta.is_accepted: the bank accepted the payment. */
    public boolean isAccepted() {
        return PAYMENT_CREATED.equals(status);
    }

    /** Fintecture's meta.has_settlement_completed: the money has arrived. */
    public boolean hasSettlementCompleted() {
        return "completed".equals(transferState) || "received".equals(transferState) || "sent".equals(transferState);
    }

    /** Whether the payer has not decided yet (the connect page still offers Pay / Refuse). */
    public boolean awaitingPayer() {
        return PROVIDER_REQUIRED.equals(status);
    }

    SandboxPayment withOutcome(String newStatus, String newTransferState, String newProvider, LocalDate newExecutionDate) {
        return new SandboxPayment(sessionId, amount, currency, communication, psuName, redirectUri, state,
                newStatus, newTransferState, newProvider, customerId, newExecutionDate, createdAt);
    }
}
