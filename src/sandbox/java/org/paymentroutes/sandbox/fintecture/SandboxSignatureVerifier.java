package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.IncomingRequest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the draft-cavage HTTP signature of a PIS call the way Fintecture's gateway does: Date,
 * X-Request-ID, Digest over the exact body bytes, and an rsa-sha256 signature over
 * {@code (request-target) date [digest] x-request-id} by the merchant's key.
 *
 * <p>Written with plain JCA on purpose, sharing nothing with the bundle's own signer: a bug in the
 * signer must not be mirrored by the check that is meant to catch it.
 */
final class SandboxSignatureVerifier {

    /** The only headers list accepted on a request with a body. */
    static final String HEADERS_WITH_BODY = "(request-target) date digest x-request-id";
    /** The only headers list accepted on a request without a body (no body, so no digest). */
    static final String HEADERS_WITHOUT_BODY = "(request-target) date x-request-id";

    /**
     * RFC 1123 in GMT. JS toUTCString() pads the day to two digits; Java's
     * DateTimeFormatter.RFC_1123_DATE_TIME does not ("Mon, 2 Nov 2026"). Both are valid RFC 1123
     * and the signature covers the header as sent, so both are accepted; any zone but GMT is not.
     */
    private static final Pattern RFC_1123_GMT =
            Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** One {@code name="value"} parameter of the Signature header, then a comma or the end. */
    private static final Pattern SIGNATURE_PARAM = Pattern.compile("\\G\\s*([A-Za-z]+)=\"([^\"]*)\"\\s*(?:,|$)");
    private static final String DIGEST_PREFIX = "SHA-256=";

    private final String appId;
    private final PublicKey merchantKey;
    private final Duration dateTolerance;
    private final Clock clock;

    SandboxSignatureVerifier(String appId, PublicKey merchantKey, Duration dateTolerance, Clock clock) {
        this.appId = appId;
        this.merchantKey = merchantKey;
        this.dateTolerance = dateTolerance;
        this.clock = clock;
    }

    /** Whether the request carries a Signature header at all (when signatures are optional). */
    static boolean isSigned(IncomingRequest request) {
        return request.headerCount("signature") > 0;
    }

    /**
     * Verifies everything; returns null when the request is authentic, otherwise a short detail
     * naming the first check that failed (answered to the client and recorded).
     */
    String verify(IncomingRequest request) {
        String signatureHeader = single(request, "signature");
        if (signatureHeader == null) {
            return missingOrRepeated(request, "signature");
        }
        String date = single(request, "date");
        if (date == null) {
            return missingOrRepeated(request, "date");
        }
        String dateProblem = checkDate(date);
        if (dateProblem != null) {
            return dateProblem;
        }
        String requestId = single(request, "x-request-id");
        if (requestId == null) {
            return missingOrRepeated(request, "x-request-id");
        }
        if (!UUID_PATTERN.matcher(requestId).matches()) {
            return "x-request-id is not a UUID";
        }
        boolean hasBody = request.body().length > 0;
        String digest = null;
        if (hasBody) {
            digest = single(request, "digest");
            if (digest == null) {
                return missingOrRepeated(request, "digest");
            }
            String digestProblem = checkDigest(digest, request.body());
            if (digestProblem != null) {
                return digestProblem;
            }
        } else if (request.headerCount("digest") > 0) {
            return "digest sent on a request without a body";
        }

        Map<String, String> params = parseSignatureHeader(signatureHeader);
        if (params == null) {
            return "signature header malformed";
        }
        for (String required : new String[] {"keyId", "algorithm", "headers", "signature"}) {
            if (!params.containsKey(required)) {
                return "signature header has no " + required;
            }
        }
        if (!appId.equals(params.get("keyId"))) {
            return "keyId does not match the app id";
        }
        if (!"rsa-sha256".equals(params.get("algorithm"))) {
            return "algorithm must be rsa-sha256";
        }
        String expectedHeaders = hasBody ? HEADERS_WITH_BODY : HEADERS_WITHOUT_BODY;
        if (!expectedHeaders.equals(params.get("headers"))) {
            return "headers list must be \"" + expectedHeaders + "\"";
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(params.get("signature"));
        } catch (IllegalArgumentException e) {
            return "signature is not base64";
        }
        String signingString = signingString(request, date, digest, requestId);
        return verifyRsa(signingString, signature) ? null : "signature invalid";
    }

    /**
     * The string the client must have signed: one {@code name: value} line per header of the
     * list, joined by '\n', no trailing newline. The request target is the lower-case method and
     * the path and query exactly as received, never decoded and re-encoded.
     */
    static String signingString(IncomingRequest request, String date, String digest, String requestId) {
        StringBuilder s = new StringBuilder(256)
                .append("(request-target): ").append(request.method().toLowerCase(Locale.ROOT))
                .append(' ').append(request.rawTarget())
                .append("\ndate: ").append(date);
        if (digest != null) {
            s.append("\ndigest: ").append(digest);
        }
        return s.append("\nx-request-id: ").append(requestId).toString();
    }

    private String checkDate(String date) {
        if (!RFC_1123_GMT.matcher(date).matches()) {
            return "date is not RFC 1123 GMT";
        }
        Instant sent;
        try {
            // Also rejects a weekday that does not match the date.
            sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return "date is not RFC 1123 GMT";
        }
        if (Duration.between(sent, clock.instant()).abs().compareTo(dateTolerance) > 0) {
            return "date outside tolerance";
        }
        return null;
    }

    private static String checkDigest(String digest, byte[] body) {
        // RFC 3230: the algorithm name is case-insensitive; the value must be exact.
        if (!digest.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())) {
            return "digest must be SHA-256=<base64>";
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(digest.substring(DIGEST_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return "digest is not base64";
        }
        byte[] actual;
        try {
            actual = MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        return MessageDigest.isEqual(claimed, actual) ? null : "digest mismatch";
    }

    private boolean verifyRsa(String signingString, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(merchantKey);
            verifier.update(signingString.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // e.g. a signature of the wrong length
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with the merchant key", e);
        }
    }

    /** {@code keyId="..",algorithm="..",headers="..",signature=".."}; null when malformed or a parameter repeats. */
    static Map<String, String> parseSignatureHeader(String header) {
        Map<String, String> params = new HashMap<>();
        Matcher m = SIGNATURE_PARAM.matcher(header);
        int end = 0;
        while (end < header.length() && m.find(end) && m.start() == end) {
            if (params.put(m.group(1), m.group(2)) != null) {
                return null;
            }
            if (m.end() == end) {
                return null;
            }
            end = m.end();
        }
        return end == header.length() && !params.isEmpty() ? params : null;
    }

    private static String single(IncomingRequest request, String name) {
        return request.headerCount(name) == 1 ? request.header(name) : null;
    }

    private static String missingOrRepeated(IncomingRequest request, String name) {
        return request.headerCount(name) == 0 ? "missing " + name + " header" : name + " header sent more than once";
    }
}
