package org.paymentroutes.sandbox.fintecture;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Signs a webhook the way Fintecture does, which is not a signature: the signing string
 * {@code date: ..\ndigest: ..\nx-request-id: ..} is <em>encrypted with the merchant's public
 * key</em> (RSA-OAEP, SHA-1, MGF1-SHA-1; what the SDKs undo with {@code privateDecrypt}), so the
 * merchant checks it with its private key. Also makes each {@link FintectureSandbox.Forgery}.
 *
 * <p>Each call stamps a fresh Date, so a retry sent minutes later still passes a receiver's
 * date window; body, Digest and X-Request-ID stay those of the webhook.
 */
final class WebhookSigner {

    static final String HEADERS = "date digest x-request-id";
    /** The keyId of {@link FintectureSandbox.Forgery#WRONG_KEY_ID}. */
    static final String FOREIGN_KEY_ID = "another-app-id";
    /** How far past the date tolerance a {@link FintectureSandbox.Forgery#STALE_DATE} is. */
    private static final Duration STALE_BEYOND_TOLERANCE = Duration.ofHours(1);
    /** RFC 1123 in GMT with a two-digit day, as the provider's own example ({@code Mon, 08 Jun 2020 23:11:23 GMT}). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    // Spelled out, so that no provider's default (BouncyCastle's and SunJCE's differ for MGF1) can change it.
    private static final OAEPParameterSpec OAEP_SHA1 =
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    /** What to send: the body bytes and the headers, in order. */
    record Signed(byte[] body, Map<String, String> headers) {
    }

    private final String appId;
    private final PublicKey merchantKey;
    private final Duration dateTolerance;
    private final Clock clock;

    WebhookSigner(String appId, PublicKey merchantKey, Duration dateTolerance, Clock clock) {
        this.appId = appId;
        this.merchantKey = merchantKey;
        this.dateTolerance = dateTolerance;
        this.clock = clock;
    }

    /** A correctly signed attempt ({@code forgery} null) or one with exactly that one defect. */
    Signed sign(Webhook webhook, FintectureSandbox.Forgery forgery) {
        Instant now = clock.instant();
        if (forgery == FintectureSandbox.Forgery.STALE_DATE) {
            now = now.minus(dateTolerance).minus(STALE_BEYOND_TOLERANCE);
        }
        String date = HTTP_DATE.format(now);
        String digest = digest(forgery == FintectureSandbox.Forgery.BAD_DIGEST ? webhook.tamperedBody() : webhook.body());
        String signed = signingString(date, digest, webhook.requestId());
        if (forgery == FintectureSandbox.Forgery.BAD_SIGNATURE) {
            // A well-formed signature of another webhook (another X-Request-ID), pasted on this one:
            // it decrypts cleanly, so only a receiver that compares it with its own signing string notices.
            signed = signingString(date, digest, UUID.randomUUID().toString());
        }
        String keyId = forgery == FintectureSandbox.Forgery.WRONG_KEY_ID ? FOREIGN_KEY_ID : appId;

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Date", date);
        headers.put("Digest", digest);
        headers.put("X-Request-ID", webhook.requestId());
        headers.put("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + HEADERS
                + "\",signature=\"" + encrypt(signed) + "\"");
        byte[] body = forgery == FintectureSandbox.Forgery.BODY_CHANGED ? webhook.tamperedBody() : webhook.body();
        return new Signed(body, Collections.unmodifiableMap(headers));
    }

    /** The lines of {@link #HEADERS}, joined by '\n', no trailing newline. */
    static String signingString(String date, String digest, String requestId) {
        return "date: " + date + "\ndigest: " + digest + "\nx-request-id: " + requestId;
    }

    static String digest(byte[] body) {
        try {
            return "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private String encrypt(String signingString) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION); // not thread-safe: one per use
            cipher.init(Cipher.ENCRYPT_MODE, merchantKey, OAEP_SHA1);
            return Base64.getEncoder().encodeToString(cipher.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the webhook signature with the merchant key", e);
        }
    }
}
