package org.paymentroutes.intake;

import org.paymentroutes.store.PaymentStatus;

/**
 * What the intake route does with an order (the route branches on it by name). {@link #of} decides
 * for a valid order from what {@link Intake} learned, in the order it learns it: the store's answer
 * to recording the order, then (only for a payment that never reached its provider) the claim.
 */
public enum Decision {
    /** Not a JSON order but an ISO 20022 pain.001 file (XML): read by {@link FileIntake}. */
    FILE,
    /** The order fails validation: rejected, with a REJECTED outcome; nothing stored. */
    INVALID,
    /** First time seen; created and claimed in one transaction: initiate it. */
    NEW,
    /** Seen before but never got as far as a provider payment (an attempt rolled back); claimed again: initiate it. */
    RESUME,
    /** As RESUME, but an earlier attempt got no answer from the provider: parked for an operator. */
    UNCERTAIN,
    /**
     * As UNCERTAIN, for a provider that can tell: the payments it created around the lost call are
     * looked up (and cancelled) before one new one is created; see {@link LostAnswers}.
     */
    LOOKUP,
    /** The payment has moved on and this is a new message (an ERP re-send): re-publish its current outcome. */
    DUPLICATE,
    /** The payment has moved on and the broker redelivers the message that created it: nothing to do. */
    REDELIVERED,
    /** The id is already used by a different order: refuse this one, keep the first. */
    CONFLICT;

    /** A stored payment that never reached its provider: intake may initiate it (once it holds the claim). */
    static boolean unstarted(PaymentStatus status, String providerPaymentId) {
        return status == PaymentStatus.RECEIVED && providerPaymentId == null;
    }

    /**
     * The decision for a valid order (an invalid one is {@link #INVALID}, decided by the parser).
     *
     * @param created     recording it created the payment (and its claim)
     * @param sameOrder   the stored order has the same content hash
     * @param unstarted   the stored payment never reached its provider ({@link #unstarted})
     * @param claimed     intake took the claim of an unstarted payment
     * @param uncertain   the claimed payment's initiation mark is set (an earlier call got no answer)
     * @param redelivered the broker flags the message as redelivered
     */
    static Decision of(boolean created, boolean sameOrder, boolean unstarted, boolean claimed, boolean uncertain,
                       boolean redelivered) {
        if (created) {
            return NEW;
        }
        if (!sameOrder) {
            return CONFLICT;
        }
        if (unstarted && claimed) {
            return uncertain ? UNCERTAIN : RESUME;
        }
        // Moved on (or another consumer finished initiating it while this copy waited). The broker
        // redelivering the very message that created it is not an ERP re-sending the order: its
        // outcomes are already published once (outbox), so nothing is re-published.
        return redelivered ? REDELIVERED : DUPLICATE;
    }
}
