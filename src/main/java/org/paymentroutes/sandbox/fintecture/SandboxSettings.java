package org.paymentroutes.sandbox.fintecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FintectureSandbox} behaves: where it listens, which application it recognises and
 * how strict it is.
 *
 * @param host              interface to bind, e.g. {@code 127.0.0.1}
 * @param port              port to bind; 0 picks any free port
 * @param appId             the only app id the sandbox accepts (token request and signature keyId)
 * @param appSecret         the app secret matching {@code appId}
 * @param merchantPublicKey the merchant's RSA public key that verifies request signatures; may be
 *                          null only when {@code requireSignatures} is false (then any signature
 *                          that is sent anyway is refused, since it cannot be checked)
 * @param requireSignatures true = production behaviour (Date, X-Request-ID, Digest and Signature
 *                          mandatory on every PIS call); false = Fintecture's sandbox behaviour
 *                          (they may be absent, but when a Signature is sent it is fully checked)
 * @param tokenLifetime     how long an access token is valid
 * @param dateTolerance     how far the Date header may be from the sandbox's clock
 */
public record SandboxSettings(String host, int port, String appId, String appSecret, PublicKey merchantPublicKey,
                              boolean requireSignatures, Duration tokenLifetime, Duration dateTolerance) {

    /** Public demo app id. SANDBOX ONLY: see src/main/resources/sandbox/README.md. */
    public static final String DEMO_APP_ID = "sandbox-app-id-0000";
    /** Public demo app secret: not a secret, SANDBOX ONLY. */
    public static final String DEMO_APP_SECRET = "sandbox-app-secret-not-a-secret";
    /** Classpath location of the public demo key the sandbox verifies with. */
    public static final String DEMO_PUBLIC_KEY_RESOURCE = "/sandbox/fintecture-merchant-public.pem";
    /** Classpath location of the public demo private key a demo client signs with. SANDBOX ONLY. */
    public static final String DEMO_PRIVATE_KEY_RESOURCE = "/sandbox/fintecture-merchant-private.pem";
    public static final String DEMO_HOST = "127.0.0.1";
    public static final int DEMO_PORT = 9090;

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(dateTolerance, "dateTolerance");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (requireSignatures && merchantPublicKey == null) {
            throw new IllegalArgumentException("requireSignatures needs a merchantPublicKey");
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
        if (dateTolerance.isNegative()) {
            throw new IllegalArgumentException("dateTolerance must not be negative");
        }
    }

    /** 127.0.0.1:9090, the shipped demo app id, secret and public key, signatures required, 1 h tokens, 5 min tolerance. */
    public static SandboxSettings demo() {
        return new SandboxSettings(DEMO_HOST, DEMO_PORT, DEMO_APP_ID, DEMO_APP_SECRET, demoPublicKey(),
                true, Duration.ofSeconds(3600), Duration.ofMinutes(5));
    }

    /** The public demo key from the classpath. */
    public static PublicKey demoPublicKey() {
        try (InputStream in = SandboxSettings.class.getResourceAsStream(DEMO_PUBLIC_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DEMO_PUBLIC_KEY_RESOURCE);
            }
            return SandboxKeys.loadPublicKey(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SandboxSettings withHost(String newHost) {
        return new SandboxSettings(newHost, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime, dateTolerance);
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime, dateTolerance);
    }

    public SandboxSettings withRequireSignatures(boolean required) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, required, tokenLifetime, dateTolerance);
    }

    public SandboxSettings withTokenLifetime(Duration lifetime) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, lifetime, dateTolerance);
    }

    public SandboxSettings withDateTolerance(Duration tolerance) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime, tolerance);
    }

    /** Never prints the app secret, so that logging the settings cannot leak it. */
    @Override
    public String toString() {
        return "SandboxSettings[host=" + host + ", port=" + port + ", appId=" + appId + ", appSecret=***"
                + ", merchantPublicKey=" + (merchantPublicKey == null ? "none" : merchantPublicKey.getAlgorithm())
                + ", requireSignatures=" + requireSignatures + ", tokenLifetime=" + tokenLifetime
                + ", dateTolerance=" + dateTolerance + "]";
    }
}
