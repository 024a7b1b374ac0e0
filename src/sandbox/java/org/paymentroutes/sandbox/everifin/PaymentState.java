package org.paymentroutes.sandbox.everifin;

import java.security.KeyPair;
import java.time.Instant;

/**
 * One payment's mutable state. Every read and write happens under the object's own monitor
 * ({@code synchronized (state)}), taken by {@link ProcessEngine}, so that two process calls on
 * the same payment (a retry racing the original) run one after the other.
 */
final class PaymentState {

    /** The payer's decision on the bank page for the current REDIRECT step. */
    enum BankDecision { NONE, APPROVED, CANCELED }

    private final long id;
    private final PaymentOrder order;
    private final BankProfile profile;
    private final Instant createdAt;

    String status = EverifinPayment.CREATED;
    String reasonCode;
    int stepIndex;
    /** Whether the current step has been handed to the client (it then waits for its answer). */
    boolean issued;
    int processCalls;
    /** Wrong answers already asked again at the current INPUT step. */
    int retries;
    /** Process calls since the current PUSH step was issued. */
    int pushPolls;
    boolean pushConfirmed;
    /** When the current PUSH step was issued (for a push the app confirms after a time). */
    Instant pushIssuedAt;
    /** The OAuth-like state the current REDIRECT's bank page returns with. */
    String redirectState;
    BankDecision decision = BankDecision.NONE;
    /** The code the bank page issued on Approve (single use). */
    String bankCode;
    /** Per-payment encryption keys, made when the first encrypted INPUT is issued, dropped once final. */
    KeyPair keyPair;
    private String senderIban;

    PaymentState(long id, PaymentOrder order, BankProfile profile, Instant createdAt) {
        this.id = id;
        this.order = order;
        this.profile = profile;
        this.createdAt = createdAt;
        this.senderIban = order.senderIban();
    }

    long id() {
        return id;
    }

    PaymentOrder order() {
        return order;
    }

    BankProfile profile() {
        return profile;
    }

    Step currentStep() {
        return profile.step(stepIndex);
    }

    boolean isFinal() {
        return EverifinPayment.isFinal(status);
    }

    /** The account the payer chose at an iban-select step. */
    void selectSenderIban(String iban) {
        this.senderIban = iban;
    }

    String senderIban() {
        return senderIban;
    }

    synchronized EverifinPayment snapshot() {
        return new EverifinPayment(id, status, reasonCode, profile.name(), stepIndex, isFinal() ? null : currentStep().type(),
                order.amount(), order.currency(), order.recipientIban(), senderIban, order.redirectUrl(), processCalls,
                createdAt);
    }
}
