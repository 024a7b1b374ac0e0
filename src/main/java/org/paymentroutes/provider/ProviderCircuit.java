package org.paymentroutes.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The circuit breaker of one provider, as a state machine with no threads of its own (the
 * {@link CircuitPolicy} drives it): {@code failures} outages in a row (5xx, 429, timeouts, refused
 * connections) open it; while open, the provider's queues are not consumed and a probe is due every
 * {@code probeInterval} (or later, when the provider's Retry-After asks for more); the first probe
 * the provider answers closes it. Closed again, it is on trial: one more outage opens it at once.
 *
 * <p>It holds the consumers for at most {@code maxOutage}: past that the queues are consumed again
 * (it stays open, and probing), so orders fail and reach DLQ after their broker redelivery budget,
 * as they would without a circuit. See docs/architecture.md#provider-outages.
 */
public final class ProviderCircuit {

    public enum State { CLOSED, OPEN }

    /** What health, metrics and logs show. */
    public record Snapshot(String provider, State state, Instant openedAt, Instant nextProbe, String reason, boolean holding) {
    }

    private final String provider;
    private final int threshold;
    private final Duration probeInterval;
    private final Duration maxOutage;
    private final Clock clock;

    private State state = State.CLOSED;
    private int failuresInARow;
    private Instant openedAt;
    private Instant nextProbe;
    private Instant retryAfter;
    private String reason;

    public ProviderCircuit(String provider, int threshold, Duration probeInterval, Duration maxOutage, Clock clock) {
        if (threshold < 1 || probeInterval.isNegative() || probeInterval.isZero() || maxOutage.isNegative()) {
            throw new IllegalArgumentException("threshold >= 1, probe interval > 0 and max outage >= 0");
        }
        this.provider = provider;
        this.threshold = threshold;
        this.probeInterval = probeInterval;
        this.maxOutage = maxOutage;
        this.clock = clock;
    }

    public String provider() {
        return provider;
    }

    /**
     * An outage seen by a call: counted while closed (a later Retry-After is kept for the first probe).
     *
     * @return true when this failure opened the circuit
     */
    public synchronized boolean failed(String why, Optional<Instant> askedRetryAfter) {
        reason = why;
        askedRetryAfter.ifPresent(at -> retryAfter = retryAfter == null || at.isAfter(retryAfter) ? at : retryAfter);
        if (state == State.OPEN) {
            return false;
        }
        failuresInARow++;
        if (failuresInARow < threshold) {
            return false;
        }
        state = State.OPEN;
        openedAt = clock.instant();
        scheduleProbe();
        return true;
    }

    /** The provider answered a call (any answer but 429/5xx): the count starts again. */
    public synchronized void answered() {
        if (state == State.CLOSED) {
            failuresInARow = 0;
            retryAfter = null;
        }
    }

    /** The probe got no answer (or 429/5xx): the next one is scheduled. */
    public synchronized void probeFailed(String why, Optional<Instant> askedRetryAfter) {
        reason = why;
        askedRetryAfter.ifPresent(at -> retryAfter = at);
        scheduleProbe();
    }

    /**
     * The provider answered the probe: closed, on trial (the next outage opens it again at once).
     *
     * @return how long it was open
     */
    public synchronized Duration probeAnswered() {
        Duration outage = openedAt == null ? Duration.ZERO : Duration.between(openedAt, clock.instant());
        state = State.CLOSED;
        failuresInARow = threshold - 1;
        openedAt = null;
        nextProbe = null;
        retryAfter = null;
        return outage;
    }

    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Open, and not yet for longer than the max outage: the provider's queues are to stay unconsumed. */
    public synchronized boolean holding() {
        return state == State.OPEN && clock.instant().isBefore(openedAt.plus(maxOutage));
    }

    /** When the next probe is due (null while closed). */
    public synchronized Instant nextProbe() {
        return nextProbe;
    }

    public Duration maxOutage() {
        return maxOutage;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(provider, state, openedAt, nextProbe, reason, holding());
    }

    /** 1 while open, 0 while closed: for a gauge (docs/architecture.md#provider-outages). */
    public int openGauge() {
        return isOpen() ? 1 : 0;
    }

    private void scheduleProbe() {
        Instant regular = clock.instant().plus(probeInterval);
        nextProbe = retryAfter != null && retryAfter.isAfter(regular) ? retryAfter : regular;
        retryAfter = null;
    }
}
