package org.paymentroutes.store;

/**
 * The normalized status of a payment (docs/architecture.md#statuses). The rank orders them so a status never goes
 * backwards: a late, lower-ranked report is kept in the history but does not change the payment.
 * Only a provider's step-by-step process (Everifin's loop) may move sideways between ACTION_REQUIRED
 * and PENDING ({@link #canAlternateTo}), as its steps alternate.
 */
public enum PaymentStatus {
    RECEIVED(0, false),
    ACTION_REQUIRED(1, false),
    PENDING(2, false),
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

    /** Between the two in-progress statuses, both ways: for a process whose steps alternate (Everifin). */
    public boolean canAlternateTo(PaymentStatus next) {
        return (this == ACTION_REQUIRED && next == PENDING) || (this == PENDING && next == ACTION_REQUIRED);
    }

    public boolean isFinal() {
        return terminal;
    }

    /**
     * Whether moving from this status to {@code next} is progress. A final status never changes; the
     * same status again is no change; AUTHORIZED may still end FAILED (a rejected transfer) or SETTLED.
     */
    public boolean canMoveTo(PaymentStatus next) {
        return !terminal && next != this && next.rank > rank;
    }
}
