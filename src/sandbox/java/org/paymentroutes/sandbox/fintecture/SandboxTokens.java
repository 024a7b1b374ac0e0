package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.RandomIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The access tokens the sandbox has issued and when each one expires. */
final class SandboxTokens {

    /** Expired tokens are swept every this many issuances, so the map cannot grow without bound. */
    private static final int SWEEP_EVERY = 256;

    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final Clock clock;
    private final Duration lifetime;

    SandboxTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Issues a fresh token valid for the configured lifetime. */
    String issue() {
        if (issued.incrementAndGet() % SWEEP_EVERY == 0) {
            Instant now = clock.instant();
            expiryByToken.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        String token = RandomIds.token();
        expiryByToken.put(token, clock.instant().plus(lifetime));
        return token;
    }

    enum State { VALID, EXPIRED, UNKNOWN }

    /** Whether the token was issued here and whether it is still valid. */
    State state(String token) {
        Instant expiry = expiryByToken.get(token);
        if (expiry == null) {
            return State.UNKNOWN;
        }
        if (!expiry.isAfter(clock.instant())) {
            return State.EXPIRED;
        }
        return State.VALID;
    }

    /** Forgets every token issued so far: each is then refused as unknown (as after a key rotation). */
    void revokeAll() {
        expiryByToken.clear();
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }
}
