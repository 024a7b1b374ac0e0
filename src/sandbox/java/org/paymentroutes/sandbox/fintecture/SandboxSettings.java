package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.SandboxServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
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
 * @param webhookUrl        where the sandbox POSTs Fintecture-style webhooks on every status or
 *                          transfer-state change; null = no webhooks (needs a 2048-bit or larger
 *                          merchantPublicKey: the webhook "signature" is encrypted with it)
 * @param webhookRetryBase  wait before the first retry of an undelivered webhook, doubled for each
 *                          further retry (10 retries at most)
 * @param scriptedOutcomes  true = a session whose amount's cents select an outcome (.01 to .05,
 *                          see {@link ScriptedOutcomes}) ends by itself, without the payer page
 * @param scriptedOutcomeDelay how long after creation a scripted session ends (and, for .04, how
 *                          long after acceptance it settles)
 */
public record SandboxSettings(String host, int port, String appId, String appSecret, PublicKey merchantPublicKey,
                              boolean requireSignatures, Duration tokenLifetime, Duration dateTolerance,
                              String webhookUrl, Duration webhookRetryBase, boolean scriptedOutcomes,
                              Duration scriptedOutcomeDelay) {

    /** Public demo app id. SANDBOX ONLY: see src/sandbox/resources/sandbox/README.md. */
    public static final String DEMO_APP_ID = "sandbox-app-id-0000";
    /** Public demo app secret: not a secret, SANDBOX ONLY. */
    public static final String DEMO_APP_SECRET = "sandbox-app-secret-not-a-secret";
    /** Classpath location of the public demo key the sandbox verifies with. */
    public static final String DEMO_PUBLIC_KEY_RESOURCE = "/sandbox/fintecture-merchant-public.pem";
    /** Classpath location of the public demo private key a demo client signs with. SANDBOX ONLY. */
    public static final String DEMO_PRIVATE_KEY_RESOURCE = "/sandbox/fintecture-merchant-private.pem";
    public static final String DEMO_HOST = "127.0.0.1";
    public static final int DEMO_PORT = 9090;
    public static final Duration DEFAULT_WEBHOOK_RETRY_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SCRIPTED_OUTCOME_DELAY = Duration.ofMillis(200);
    /** The signing string (about 150 bytes) must fit one RSA-OAEP-SHA-1 block: 2048-bit keys, as Fintecture's. */
    private static final int MIN_WEBHOOK_KEY_BITS = 2048;

    public SandboxSettings {
        SandboxServer.checkAddress(host, port);
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(dateTolerance, "dateTolerance");
        if (requireSignatures && merchantPublicKey == null) {
            throw new IllegalArgumentException("requireSignatures needs a merchantPublicKey");
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
        if (dateTolerance.isNegative()) {
            throw new IllegalArgumentException("dateTolerance must not be negative");
        }
        Objects.requireNonNull(webhookRetryBase, "webhookRetryBase");
        Objects.requireNonNull(scriptedOutcomeDelay, "scriptedOutcomeDelay");
        if (webhookRetryBase.isNegative() || webhookRetryBase.isZero()) {
            throw new IllegalArgumentException("webhookRetryBase must be positive");
        }
        if (scriptedOutcomeDelay.isNegative()) {
            throw new IllegalArgumentException("scriptedOutcomeDelay must not be negative");
        }
        if (webhookUrl != null) {
            checkWebhookUrl(webhookUrl);
            if (!(merchantPublicKey instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_WEBHOOK_KEY_BITS) {
                throw new IllegalArgumentException("webhooks need an RSA merchantPublicKey of at least "
                        + MIN_WEBHOOK_KEY_BITS + " bits: their signature is encrypted with it");
            }
        }
    }

    /** The settings as they were before webhooks and scripted outcomes: neither is used. */
    public SandboxSettings(String host, int port, String appId, String appSecret, PublicKey merchantPublicKey,
                           boolean requireSignatures, Duration tokenLifetime, Duration dateTolerance) {
        this(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime, dateTolerance,
                null, DEFAULT_WEBHOOK_RETRY_BASE, false, DEFAULT_SCRIPTED_OUTCOME_DELAY);
    }

    /**
     * 127.0.0.1:9090, the shipped demo app id, secret and public key, signatures required, 1 h
     * tokens, 5 min tolerance; no webhooks, and no scripted outcomes (the demo's payer decides on
     * the page).
     */
    public static SandboxSettings demo() {
        return new SandboxSettings(DEMO_HOST, DEMO_PORT, DEMO_APP_ID, DEMO_APP_SECRET, demoPublicKey(),
                true, Duration.ofSeconds(3600), Duration.ofMinutes(5),
                null, DEFAULT_WEBHOOK_RETRY_BASE, false, DEFAULT_SCRIPTED_OUTCOME_DELAY);
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
        return new SandboxSettings(newHost, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    public SandboxSettings withRequireSignatures(boolean required) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, required, tokenLifetime,
                dateTolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    public SandboxSettings withTokenLifetime(Duration lifetime) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, lifetime,
                dateTolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    public SandboxSettings withDateTolerance(Duration tolerance) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                tolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    /** Where webhooks go (an absolute http(s) URL), or null for none. */
    public SandboxSettings withWebhookUrl(String url) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, url, webhookRetryBase, scriptedOutcomes, scriptedOutcomeDelay);
    }

    /** The wait before a webhook's first retry (doubled per retry); tests use a few milliseconds. */
    public SandboxSettings withWebhookRetryBase(Duration base) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, webhookUrl, base, scriptedOutcomes, scriptedOutcomeDelay);
    }

    /** Whether amounts ending in .01 to .05 end their session by themselves (see {@link ScriptedOutcomes}). */
    public SandboxSettings withScriptedOutcomes(boolean enabled) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, webhookUrl, webhookRetryBase, enabled, scriptedOutcomeDelay);
    }

    public SandboxSettings withScriptedOutcomeDelay(Duration delay) {
        return new SandboxSettings(host, port, appId, appSecret, merchantPublicKey, requireSignatures, tokenLifetime,
                dateTolerance, webhookUrl, webhookRetryBase, scriptedOutcomes, delay);
    }

    private static void checkWebhookUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("webhookUrl must be an absolute http(s) URL");
    }

    /** The webhook URL without its query, which may carry a receiver's token. */
    private static String redactedUrl(String url) {
        if (url == null) {
            return "none";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?***";
    }

    /** Never prints the app secret nor the webhook URL's query, so that logging the settings cannot leak them. */
    @Override
    public String toString() {
        return "SandboxSettings[host=" + host + ", port=" + port + ", appId=" + appId + ", appSecret=***"
                + ", merchantPublicKey=" + (merchantPublicKey == null ? "none" : merchantPublicKey.getAlgorithm())
                + ", requireSignatures=" + requireSignatures + ", tokenLifetime=" + tokenLifetime
                + ", dateTolerance=" + dateTolerance + ", webhookUrl=" + redactedUrl(webhookUrl)
                + ", webhookRetryBase=" + webhookRetryBase + ", scriptedOutcomes=" + scriptedOutcomes
                + ", scriptedOutcomeDelay=" + scriptedOutcomeDelay + "]";
    }
}
