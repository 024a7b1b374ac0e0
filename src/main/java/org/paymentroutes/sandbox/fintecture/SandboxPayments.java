package org.paymentroutes.sandbox.fintecture;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The payment sessions and their state machine: provider_required, then paid or refused, then settled. */
final class SandboxPayments {

    private final Map<String, SandboxPayment> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> createdByState = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final Clock clock;

    SandboxPayments(Clock clock) {
        this.clock = clock;
    }

    /** A new session waiting for the payer to pick a bank, as Fintecture's sandbox starts them. */
    SandboxPayment create(String amount, String currency, String communication, String psuName,
                          String redirectUri, String state) {
        SandboxPayment payment = new SandboxPayment(RandomIds.hex32(), amount, currency, communication, psuName,
                redirectUri, state, SandboxPayment.PROVIDER_REQUIRED, null, null, RandomIds.hex32(), null,
                clock.instant());
        bySessionId.put(payment.sessionId(), payment);
        created.incrementAndGet();
        createdByState.computeIfAbsent(state, k -> new AtomicInteger()).incrementAndGet();
        return payment;
    }

    Optional<SandboxPayment> get(String sessionId) {
        return Optional.ofNullable(bySessionId.get(sessionId));
    }

    /**
     * The payer's choice on the connect page. Only a session still waiting for the payer changes;
     * a second click (or the back button) leaves the first decision in place.
     */
    Optional<SandboxPayment> decide(String sessionId, boolean accept) {
        return Optional.ofNullable(bySessionId.computeIfPresent(sessionId, (id, p) -> {
            if (!p.awaitingPayer()) {
                return p;
            }
            return accept
                    ? p.withOutcome(SandboxPayment.PAYMENT_CREATED, "pending", SandboxPayment.SANDBOX_BANK, today())
                    : p.withOutcome(SandboxPayment.PAYMENT_UNSUCCESSFUL, null, SandboxPayment.SANDBOX_BANK, null);
        }));
    }

    /** The money arrives: transfer_state pending becomes completed. */
    void settle(String sessionId) {
        transition(sessionId, p -> {
            if (!p.isAccepted()) {
                throw new IllegalStateException("only an accepted payment can settle; " + sessionId + " is " + p.status());
            }
            return p.withOutcome(p.status(), "completed", p.provider(), p.executionDate());
        });
    }

    /** The payer never came back: Fintecture's sandbox then reports payment_expired. */
    void expire(String sessionId) {
        transition(sessionId, p -> {
            if (!p.awaitingPayer()) {
                throw new IllegalStateException("only a session awaiting the payer can expire; " + sessionId + " is " + p.status());
            }
            return p.withOutcome(SandboxPayment.PAYMENT_EXPIRED, null, null, null);
        });
    }

    int created() {
        return created.get();
    }

    int createdForState(String state) {
        AtomicInteger count = createdByState.get(state);
        return count == null ? 0 : count.get();
    }

    private void transition(String sessionId, java.util.function.UnaryOperator<SandboxPayment> change) {
        if (bySessionId.computeIfPresent(sessionId, (id, p) -> change.apply(p)) == null) {
            throw new IllegalArgumentException("unknown session " + sessionId);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
