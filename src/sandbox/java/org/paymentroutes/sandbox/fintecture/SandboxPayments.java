package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.RandomIds;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The payment sessions and their state machine: provider_required, then paid or refused, then
 * settled. Every change of status or transfer state is kept in the session's history (for stale
 * webhooks) and reported to the listener (which sends the webhook), after the change is stored.
 */
final class SandboxPayments {

    /** Told about sessions as they are created and as they change; must not block (it runs on the caller's thread). */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void created(SandboxPayment payment) {
        }

        default void changed(SandboxPayment payment) {
        }
    }

    private final Map<String, SandboxPayment> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, List<SandboxPayment>> historyBySessionId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> createdByState = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final Clock clock;
    private final Listener listener;

    SandboxPayments(Clock clock) {
        this(clock, Listener.NONE);
    }

    SandboxPayments(Clock clock, Listener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** A new session waiting for the payer to pick a bank, as Fintecture's sandbox starts them. */
    SandboxPayment create(String amount, String currency, String communication, String psuName,
                          String redirectUri, String state) {
        SandboxPayment payment = new SandboxPayment(RandomIds.hex32(), amount, currency, communication, psuName,
                redirectUri, state, SandboxPayment.PROVIDER_REQUIRED, null, null, RandomIds.hex32(), null,
                clock.instant());
        historyBySessionId.put(payment.sessionId(), new CopyOnWriteArrayList<>(List.of(payment)));
        bySessionId.put(payment.sessionId(), payment);
        created.incrementAndGet();
        createdByState.computeIfAbsent(state, k -> new AtomicInteger()).incrementAndGet();
        listener.created(payment);
        return payment;
    }

    Optional<SandboxPayment> get(String sessionId) {
        return Optional.ofNullable(bySessionId.get(sessionId));
    }

    /** Every state the session has been in, oldest first, the current one last; empty for an unknown session. */
    List<SandboxPayment> history(String sessionId) {
        List<SandboxPayment> history = historyBySessionId.get(sessionId);
        return history == null ? List.of() : List.copyOf(history);
    }

    /**
     * The payer's choice on the connect page. Only a session still waiting for the payer changes;
     * a second click (or the back button) leaves the first decision in place.
     */
    Optional<SandboxPayment> decide(String sessionId, boolean accept) {
        return apply(sessionId, p -> {
            if (!p.awaitingPayer()) {
                return p;
            }
            return accept
                    ? p.withOutcome(SandboxPayment.PAYMENT_CREATED, "pending", SandboxPayment.SANDBOX_BANK, today())
                    : p.withOutcome(SandboxPayment.PAYMENT_UNSUCCESSFUL, null, SandboxPayment.SANDBOX_BANK, null);
        });
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

    /** The payer went to the bank, which has not decided: payment_pending (a session no longer awaiting the payer is left alone). */
    void markPending(String sessionId) {
        transition(sessionId, p -> p.awaitingPayer()
                ? p.withOutcome(SandboxPayment.PAYMENT_PENDING, null, SandboxPayment.SANDBOX_BANK, null)
                : p);
    }

    /**
     * The merchant cancels a session still waiting for its payer; empty for an unknown session, and a
     * session past that point is returned unchanged (the endpoint refuses it).
     */
    Optional<SandboxPayment> cancel(String sessionId) {
        return apply(sessionId, p -> p.awaitingPayer() ? p.withOutcome(SandboxPayment.PAYMENT_CANCELLED, null, null, null) : p);
    }

    /** Sessions created on the UTC days {@code from} to {@code to} (either null: open), with {@code status} if given, oldest first. */
    List<SandboxPayment> list(LocalDate from, LocalDate to, String status) {
        return bySessionId.values().stream()
                .filter(p -> {
                    LocalDate day = LocalDate.ofInstant(p.createdAt(), ZoneOffset.UTC);
                    return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
                })
                .filter(p -> status == null || status.equals(p.status()))
                .sorted(java.util.Comparator.comparing(SandboxPayment::createdAt))
                .toList();
    }

    /** Sessions with this {@code state} that a payer could still pay or has paid: every one but the cancelled ones. */
    int payableForState(String state) {
        return (int) bySessionId.values().stream()
                .filter(p -> Objects.equals(state, p.state()) && !DEAD.contains(p.status())).count();
    }

    int cancelledForState(String state) {
        return (int) bySessionId.values().stream()
                .filter(p -> Objects.equals(state, p.state()) && SandboxPayment.PAYMENT_CANCELLED.equals(p.status())).count();
    }

    /**
     * Sessions nobody can pay any more: cancelled (by the bundle, after a lost answer), refused or
     * expired. A session created by a call in flight when the bundle was killed is ended by the
     * scripted payer like any other; if it was refused or expired before the bundle looked it up,
     * the bundle rightly creates a new one beside it, and that is not a second payable session.
     */
    private static final java.util.Set<String> DEAD = java.util.Set.of(SandboxPayment.PAYMENT_CANCELLED,
            SandboxPayment.PAYMENT_UNSUCCESSFUL, SandboxPayment.PAYMENT_EXPIRED);

    int created() {
        return created.get();
    }

    List<String> sessionIdsForState(String state) {
        return bySessionId.values().stream().filter(p -> state.equals(p.state())).map(SandboxPayment::sessionId).sorted().toList();
    }

    int createdForState(String state) {
        AtomicInteger count = createdByState.get(state);
        return count == null ? 0 : count.get();
    }

    private void transition(String sessionId, UnaryOperator<SandboxPayment> change) {
        if (apply(sessionId, change).isEmpty()) {
            throw new IllegalArgumentException("unknown session " + sessionId);
        }
    }

    /** Applies the change atomically; records it and tells the listener only when status or transfer state moved. */
    private Optional<SandboxPayment> apply(String sessionId, UnaryOperator<SandboxPayment> change) {
        boolean[] moved = new boolean[1];
        SandboxPayment after = bySessionId.computeIfPresent(sessionId, (id, before) -> {
            SandboxPayment next = change.apply(before);
            moved[0] = !Objects.equals(before.status(), next.status())
                    || !Objects.equals(before.transferState(), next.transferState());
            if (moved[0]) {
                // Inside the map's per-key lock, so the history's order is the order of the changes.
                historyBySessionId.get(id).add(next);
            }
            return next;
        });
        if (moved[0]) {
            listener.changed(after);
        }
        return Optional.ofNullable(after);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
