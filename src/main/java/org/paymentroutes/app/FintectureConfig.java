package org.paymentroutes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import org.paymentroutes.signing.PemKeys;

/**
 * Fintecture's settings, read and checked once at start-up: a missing or malformed one stops the
 * bundle with a message naming its key. The private key is parsed here, so a bad PEM fails at start,
 * not at the first payment.
 */
public record FintectureConfig(String baseUrl, String appId, String appSecret, PrivateKey privateKey, String redirectUri,
                               boolean signRequests, Duration tokenRenewBefore, int connectTimeoutMs, int responseTimeoutMs) {

    public static FintectureConfig from(Settings s) {
        return from(s, false);
    }

    /**
     * With {@code optional} (another provider is configured), a bundle with none of Fintecture's
     * credentials (app id, secret, private key) runs without Fintecture: its orders are refused at
     * intake naming the field, its webhooks are refused. Any one of them set requires the others.
     */
    public static FintectureConfig from(Settings s, boolean optional) {
        String baseUrl = s.httpUrl("payments.fintecture.base-url");
        if (optional && s.get("payments.fintecture.app-id") == null && s.secret("payments.fintecture.app-secret") == null
                && s.get("payments.fintecture.private-key") == null) {
            return new FintectureConfig(baseUrl, null, null, null, s.httpUrl("payments.fintecture.redirect-uri"), false,
                    Duration.ofSeconds(s.integer("payments.fintecture.token-renew-before", 0, 86_400)),
                    s.integer("payments.fintecture.connect-timeout", 1, 600_000),
                    s.integer("payments.fintecture.response-timeout", 1, 600_000));
        }
        String appId = s.require("payments.fintecture.app-id");
        String appSecret = s.requireSecret("payments.fintecture.app-secret");
        boolean sign = s.bool("payments.fintecture.sign-requests");
        PrivateKey key = null;
        String keyPath = s.get("payments.fintecture.private-key");
        if (sign || keyPath != null) {
            if (keyPath == null) {
                throw new ConfigException("payments.fintecture.private-key",
                        "is required when payments.fintecture.sign-requests=true (the path of the merchant's PEM private key)");
            }
            Path p = Path.of(keyPath);
            if (!Files.isReadable(p)) {
                throw new ConfigException("payments.fintecture.private-key", "cannot read the file " + p.toAbsolutePath());
            }
            try {
                key = PemKeys.readPrivateKey(p);
            } catch (IOException e) {
                throw new ConfigException("payments.fintecture.private-key", p + ": " + e.getMessage());
            }
        }
        return new FintectureConfig(baseUrl, appId, appSecret, key, s.httpUrl("payments.fintecture.redirect-uri"), sign,
                Duration.ofSeconds(s.integer("payments.fintecture.token-renew-before", 0, 86_400)),
                s.integer("payments.fintecture.connect-timeout", 1, 600_000),
                s.integer("payments.fintecture.response-timeout", 1, 600_000));
    }

    /** Whether Fintecture is configured (else only another provider's orders are taken). */
    public boolean enabled() {
        return appId != null;
    }

    @Override
    public String toString() {
        // Never print the secret or the key.
        return enabled() ? "FintectureConfig[baseUrl=" + baseUrl + ", appId=" + appId + ", signRequests=" + signRequests + "]"
                : "FintectureConfig[not configured]";
    }
}
