package org.paymentroutes.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A provider's access token, cached and renewed a configurable time before it expires, so calls do
 * not each fetch one and none is sent with a token about to lapse. One thread renews at a time; the
 * others wait for it and reuse its token.
 */
public final class TokenCache {

    /** A token as the provider issued it. */
    public record Token(String value, Duration lifetime) {
    }

    private record Cached(String value, Instant renewAt) {
    }

    private final Duration renewBefore;
    private final Clock clock;
    private volatile Cached cached;

    public TokenCache(Duration renewBefore, Clock clock) {
        this.renewBefore = renewBefore;
        this.clock = clock;
    }

    /** The cached token, or a new one from {@code fetch} when none is cached or it is due for renewal. */
    public String get(Supplier<Token> fetch) {
        Cached c = cached;
        if (c != null && clock.instant().isBefore(c.renewAt())) {
            return c.value();
        }
        synchronized (this) {
            c = cached;
            if (c != null && clock.instant().isBefore(c.renewAt())) {
                return c.value();
            }
            Token t = fetch.get();
            // Renew early, but never so early that a short-lived token is renewed on every call.
            Duration margin = renewBefore.compareTo(t.lifetime().dividedBy(2)) > 0 ? t.lifetime().dividedBy(2) : renewBefore;
            cached = new Cached(t.value(), clock.instant().plus(t.lifetime()).minus(margin));
            return t.value();
        }
    }

    /** Forgets the token (the provider refused it), so the next call renews it. */
    public synchronized void invalidate() {
        cached = null;
    }
}
