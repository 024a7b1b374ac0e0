package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.AccessTokens;

import org.paymentroutes.sandbox.common.RandomIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the identity server has issued: authorization codes, access tokens and refresh tokens,
 * each with its expiry. All are opaque random strings (Everifin's Keycloak issues JWTs, but a
 * client must not read them, so the sandbox gives it nothing to read).
 */
final class EverifinTokens {

    /** Keycloak's default code lifespan: the client must redeem the code at once. */
    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    /**
     * Refresh tokens are long-lived (like an offline token), since the bundle stores one per
     * sending account and renews its access tokens with it for weeks.
     */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    /** Expired entries are swept every this many issuances, so the maps cannot grow without bound. */
    private static final int SWEEP_EVERY = 256;

    /** An authorization code, bound to the client and redirect_uri of its auth request. */
    record Code(String clientId, String redirectUri, String scope, Instant expiresAt) {
    }

    /** A refresh token, bound to its client. */
    record Refresh(String clientId, String scope, Instant expiresAt) {
    }

    /** A token answer; refreshToken null for client_credentials (as Keycloak). */
    record Issued(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn, String scope) {
    }

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final AccessTokens accessTokens;
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final Clock clock;

    EverifinTokens(Clock clock, Duration accessLifetime) {
        this.clock = clock;
        this.accessTokens = new AccessTokens(clock, accessLifetime);
    }

    String issueCode(String clientId, String redirectUri, String scope) {
        sweepSometimes();
        String code = RandomIds.token();
        codes.put(code, new Code(clientId, redirectUri, scope, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** Takes the code out (single use, even when the caller then refuses it); null when unknown or expired. */
    Code redeemCode(String code) {
        Code found = codes.remove(code);
        return found == null || !found.expiresAt().isAfter(clock.instant()) ? null : found;
    }

    /** A valid refresh token's record; null when unknown or expired. */
    Refresh refresh(String refreshToken) {
        Refresh found = refreshTokens.get(refreshToken);
        return found == null || !found.expiresAt().isAfter(clock.instant()) ? null : found;
    }

    Issued issue(String clientId, String scope, boolean withRefreshToken) {
        sweepSometimes();
        Instant now = clock.instant();
        String access = accessTokens.issue();
        String refresh = null;
        if (withRefreshToken) {
            refresh = RandomIds.token();
            refreshTokens.put(refresh, new Refresh(clientId, scope, now.plus(REFRESH_LIFETIME)));
        }
        return new Issued(access, accessTokens.lifetime().toSeconds(), refresh, withRefreshToken ? REFRESH_LIFETIME.toSeconds() : 0, scope);
    }

    /** Whether the access token was issued here and whether it is still valid. */
    AccessTokens.State state(String accessToken) {
        return accessTokens.state(accessToken);
    }

    private void sweepSometimes() {
        if (issued.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        // Access tokens sweep themselves (AccessTokens).
        Instant now = clock.instant();
        codes.values().removeIf(code -> !code.expiresAt().isAfter(now));
        refreshTokens.values().removeIf(refresh -> !refresh.expiresAt().isAfter(now));
    }
}
