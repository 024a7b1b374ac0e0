package org.paymentroutes.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * HTTP message signatures as Fintecture uses them (draft-cavage, {@code rsa-sha256}): the
 * {@code Date}, {@code X-Request-ID}, {@code Digest} and {@code Signature} headers of one request.
 *
 * <p>The signing string holds one {@code name: value} line per signed header, in the order of the
 * {@code headers} list, joined by {@code \n}: {@code (request-target)} (lower-case method, space, path
 * and query exactly as sent), {@code date}, {@code digest} (only when there is a body) and
 * {@code x-request-id}. The signature is RSASSA-PKCS1-v1_5 over SHA-256, so it is deterministic and
 * can be checked byte for byte against {@code openssl dgst -sha256 -sign}.
 *
 * <p>Thread-safe: the key is loaded once; a {@link Signature} is created per call, because JCA
 * signature objects are not.
 */
public final class HttpSigner {

    /** RFC 1123 in GMT, as JavaScript's {@code toUTCString()} writes it: {@code Sun, 22 Nov 2026 10:15:30 GMT}. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String keyId;
    private final PrivateKey key;

    public HttpSigner(String keyId, PrivateKey key) {
        this.keyId = keyId;
        this.key = key;
    }

    /** The headers to add to one request. {@code digest} is null when the request has no body. */
    public record SignedHeaders(String date, String requestId, String digest, String signature) {
    }

    /** Signs a request now, with a fresh request id. */
    public SignedHeaders sign(String method, String pathAndQuery, byte[] body) {
        return sign(method, pathAndQuery, body, Instant.now(), UUID.randomUUID().toString());
    }

    /** Signs a request with a given date and request id (tests and vectors). */
    public SignedHeaders sign(String method, String pathAndQuery, byte[] body, Instant now, String requestId) {
        String date = HTTP_DATE.format(now);
        String digest = body == null || body.length == 0 ? null : digest(body);
        List<String> names = new ArrayList<>(4);
        List<String> lines = new ArrayList<>(4);
        names.add("(request-target)");
        lines.add("(request-target): " + method.toLowerCase(Locale.ROOT) + " " + pathAndQuery);
        names.add("date");
        lines.add("date: " + date);
        if (digest != null) {
            names.add("digest");
            lines.add("digest: " + digest);
        }
        names.add("x-request-id");
        lines.add("x-request-id: " + requestId);
        String signingString = String.join("\n", lines);
        String signature = "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + String.join(" ", names)
                + "\",signature=\"" + rsaSha256(signingString) + "\"";
        return new SignedHeaders(date, requestId, digest, signature);
    }

    /** {@code SHA-256=} and the base64 SHA-256 of the exact bytes. */
    public static String digest(byte[] body) {
        try {
            return "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    String rsaSha256(String signingString) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingString.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the configured private key (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
