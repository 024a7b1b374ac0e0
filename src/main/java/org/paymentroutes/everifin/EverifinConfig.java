package org.paymentroutes.everifin;

import java.time.Duration;
import org.paymentroutes.config.Settings;

/**
 * Everifin's settings (payments.everifin.*), read and checked at start-up. Everifin is enabled when a
 * client id is configured; without one, Everifin orders are refused at intake with that reason.
 * Token: with a refresh token (from `everifin-authorize`, Everifin's authorization-code flow) the
 * bundle renews access tokens with {@code grant_type=refresh_token}; without one it asks for
 * {@code client_credentials} (what the bundled sandbox, and a client with a service account, accept).
 */
public record EverifinConfig(boolean enabled, String baseUrl, String tokenUrl, String clientId, String clientSecret,
                             String refreshToken, String callbackBaseUrl, int maxImmediateNext, Duration pushHorizon,
                             Duration tokenRenewBefore) {

    public static EverifinConfig from(Settings s) {
        String clientId = s.get("payments.everifin.client-id");
        String baseUrl = s.httpUrl("payments.everifin.base-url");
        String auth = s.get("payments.everifin.auth-url");
        String authBase = auth != null ? trim(auth) : baseUrl + "/auth";
        String tokenUrl = authBase + "/realms/" + s.require("payments.everifin.realm") + "/protocol/openid-connect/token";
        if (clientId == null) {
            return new EverifinConfig(false, baseUrl, tokenUrl, null, null, null, null, 0, Duration.ZERO, Duration.ZERO);
        }
        return new EverifinConfig(true, baseUrl, tokenUrl, clientId, s.requireSecret("payments.everifin.client-secret"),
                s.secret("payments.everifin.refresh-token"), s.httpUrl("payments.everifin.callback-base-url"),
                s.integer("payments.everifin.max-immediate-next", 0, 100),
                Duration.ofSeconds(s.integer("payments.everifin.push-horizon", 1, 86_400)),
                Duration.ofSeconds(s.integer("payments.everifin.token-renew-before", 0, 3600)));
    }

    private static String trim(String v) {
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    @Override
    public String toString() {
        return "EverifinConfig[enabled=" + enabled + ", baseUrl=" + baseUrl + ", clientId=" + clientId
                + ", grant=" + (refreshToken != null ? "refresh_token" : "client_credentials") + "]";
    }
}
