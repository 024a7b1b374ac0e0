package org.paymentroutes.sandbox.fintecture;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Sessions that end by themselves, chosen by the amount's cents as Fintecture's own sandbox does,
 * so that tests and benchmarks need no payer clicking on the connect page. Only with
 * {@link SandboxSettings#scriptedOutcomes()}; the demo leaves it off and waits for the payer.
 *
 * <pre>
 * cents  after the delay                      status                transfer_state
 * .01    the bank accepts                     payment_created       pending
 * .02    the payer refuses                    payment_unsuccessful  (none)
 * .03    the payer never comes back           payment_expired       (none)
 * .04    accepted, then after a second delay  payment_created       pending, then completed
 *        the money arrives
 * .05    the bank does not decide             payment_pending       (none), for good
 * other  nothing: waits for the payer         provider_required
 * </pre>
 *
 * Each change sends its webhook like any other. A payer who decides on the page before the delay
 * wins: the scripted step then finds the session no longer awaiting the payer and does nothing.
 */
final class ScriptedOutcomes {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScriptedOutcomes.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    enum Outcome { ACCEPT, REFUSE, EXPIRE, ACCEPT_THEN_SETTLE, PENDING, NONE }

    private final SandboxPayments payments;
    private final SandboxScheduler scheduler;
    private final Duration delay;

    ScriptedOutcomes(SandboxPayments payments, SandboxScheduler scheduler, Duration delay) {
        this.payments = payments;
        this.scheduler = scheduler;
        this.delay = delay;
    }

    /** The table above; the amount is a validated decimal string ("12.1" has 10 cents). */
    static Outcome outcomeFor(String amount) {
        int cents = new BigDecimal(amount).movePointRight(2).remainder(HUNDRED).intValue();
        return switch (cents) {
            case 1 -> Outcome.ACCEPT;
            case 2 -> Outcome.REFUSE;
            case 3 -> Outcome.EXPIRE;
            case 4 -> Outcome.ACCEPT_THEN_SETTLE;
            case 5 -> Outcome.PENDING;
            default -> Outcome.NONE;
        };
    }

    /** Schedules the session's end, if its amount selects one. */
    void created(SandboxPayment payment) {
        Outcome outcome = outcomeFor(payment.amount());
        if (outcome != Outcome.NONE) {
            scheduler.schedule(() -> end(payment.sessionId(), outcome), delay);
        }
    }

    private void end(String sessionId, Outcome outcome) {
        switch (outcome) {
            case ACCEPT -> payments.decide(sessionId, true);
            case REFUSE -> payments.decide(sessionId, false);
            case EXPIRE -> ifStillPossible(sessionId, () -> payments.expire(sessionId));
            case ACCEPT_THEN_SETTLE -> {
                boolean accepted = payments.decide(sessionId, true).map(SandboxPayment::isAccepted).orElse(false);
                if (accepted) {
                    scheduler.schedule(() -> ifStillPossible(sessionId, () -> payments.settle(sessionId)), delay);
                }
            }
            case PENDING -> payments.markPending(sessionId);
            default -> {
            }
        }
    }

    /** expire and settle refuse a session in the wrong state: here that means the payer (or a test) got there first. */
    private static void ifStillPossible(String sessionId, Runnable step) {
        try {
            step.run();
        } catch (IllegalStateException e) {
            LOG.debug("scripted step skipped for session {}: {}", sessionId, e.getMessage());
        }
    }
}
