package org.paymentroutes.sandbox.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The bearer access tokens a sandbox has issued and when each one expires. Thread-safe. */
public final class AccessTokens {

    public enum State { VALID, EXPIRED, UNKNOWN }

    /** Expired tokens are swept every this many issuances, so the map cannot grow without bound. */
    private static final int SWEEP_EVERY = 256;
    /** Tokens are kept a day past expiry, so that a late caller still hears "expired", not "unknown". */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final Clock clock;
    private final Duration lifetime;

    public AccessTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Issues a fresh token valid for the configured lifetime. */
    public String issue() {
        Instant now = clock.instant();
        if (issued.incrementAndGet() % SWEEP_EVERY == 0) {
            expiryByToken.values().removeIf(expiry -> expiry.plus(KEPT_AFTER_EXPIRY).isBefore(now));
        }
        String token = RandomIds.token();
        expiryByToken.put(token, now.plus(lifetime));
        return token;
    }

    /** Whether the token was issued here and whether it is still valid. */
    public State state(String token) {
        Instant expiry = expiryByToken.get(token);
        if (expiry == null) {
            return State.UNKNOWN;
        }
        return expiry.isAfter(clock.instant()) ? State.VALID : State.EXPIRED;
    }

    /** Forgets every token issued so far: each is then refused as unknown (as after a key rotation). */
    public void revokeAll() {
        expiryByToken.clear();
    }

    public Duration lifetime() {
        return lifetime;
    }
}
