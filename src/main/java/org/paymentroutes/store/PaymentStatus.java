package org.paymentroutes.store;

/**
 * The normalized status of a payment (architecture.md). The rank orders them so a status never goes
 * backwards: a late, lower-ranked report is kept in the history but does not change the payment.
 * ACTION_REQUIRED and PENDING share a rank: a payment in progress moves between them as its steps
 * alternate (Everifin: the bank processes, then needs the payer again), but never back to RECEIVED
 * nor below AUTHORIZED.
 */
public enum PaymentStatus {
    RECEIVED(0, false),
    ACTION_REQUIRED(1, false),
    PENDING(1, false),
    AUTHORIZED(3, false),
    SETTLED(4, true),
    FAILED(4, true),
    EXPIRED(4, true),
    REJECTED(4, true);

    private final int rank;
    private final boolean terminal;

    PaymentStatus(int rank, boolean terminal) {
        this.rank = rank;
        this.terminal = terminal;
    }

    public boolean isFinal() {
        return terminal;
    }

    /**
     * Whether moving from this status to {@code next} is progress. A final status never changes; the
     * same status again is no change; AUTHORIZED may still end FAILED (a rejected transfer) or SETTLED;
     * ACTION_REQUIRED and PENDING may follow each other.
     */
    public boolean canMoveTo(PaymentStatus next) {
        return !terminal && next != this && (next.rank > rank || next.rank == 1 && rank == 1);
    }
}
