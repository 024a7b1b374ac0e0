package org.paymentroutes.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;

/**
 * Verifies a Fintecture webhook as the provider's SDKs do ({@code Validation.authenticateRequest}):
 * the {@code Digest} must be the SHA-256 of the raw body, the {@code keyId} our app id, and the
 * {@code signature} value, which is the signing string <em>encrypted with our public key</em>
 * (RSA-OAEP, SHA-1, MGF1-SHA-1), must decrypt with our private key to the signing string rebuilt
 * from the received headers. On top of that, the {@code Date} must be within a tolerance window.
 *
 * <p>Since anyone with our public key can produce such a "signature", a verified webhook is only a
 * trigger: the status is always taken from a signed fetch of the payment, never from the body.
 */
public final class WebhookVerifier {

    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** The headers a webhook's signature must cover, whatever else it lists. */
    private static final List<String> REQUIRED = List.of("date", "digest", "x-request-id");

    private final String appId;
    private final PrivateKey privateKey;
    private final Duration dateTolerance;
    private final Clock clock;

    public WebhookVerifier(String appId, PrivateKey privateKey, Duration dateTolerance, Clock clock) {
        this.appId = appId;
        this.privateKey = privateKey;
        this.dateTolerance = dateTolerance;
        this.clock = clock;
    }

    /** Null when the webhook is authentic, else why not (for the log; never echoed to the sender in detail). */
    public String check(String method, String path, Function<String, String> header, byte[] body) {
        if (appId == null || privateKey == null) {
            return "Fintecture is not configured in this bundle";
        }
        String digest = header.apply("digest");
        if (digest == null || !MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                HttpSigner.digest(body == null ? new byte[0] : body).getBytes(StandardCharsets.US_ASCII))) {
            return "digest does not match the body";
        }
        String signatureHeader = header.apply("signature");
        if (signatureHeader == null) {
            return "no Signature header";
        }
        Map<String, String> params = parse(signatureHeader);
        if (!appId.equals(params.get("keyId"))) {
            return "keyId is not our app id";
        }
        if (params.get("algorithm") != null && !"rsa-sha256".equals(params.get("algorithm"))) {
            return "unsupported algorithm";
        }
        String headersParam = params.getOrDefault("headers", "date");
        List<String> names = List.of(headersParam.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        if (!names.containsAll(REQUIRED)) {
            return "signature does not cover " + REQUIRED;
        }
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            if (name.equals("(request-target)")) {
                lines.add("(request-target): " + method.toLowerCase(Locale.ROOT) + " " + path);
            } else {
                String value = header.apply(name);
                if (value == null) {
                    return "signed header " + name + " is missing";
                }
                lines.add(name + ": " + value);
            }
        }
        String expected = String.join("\n", lines);
        byte[] decrypted;
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            decrypted = cipher.doFinal(Base64.getDecoder().decode(params.getOrDefault("signature", "")));
        } catch (Exception e) {
            return "signature does not decrypt with our key";
        }
        if (!MessageDigest.isEqual(decrypted, expected.getBytes(StandardCharsets.UTF_8))) {
            return "signature does not match the signed headers";
        }
        try {
            Instant date = ZonedDateTime.parse(header.apply("date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (Duration.between(date, clock.instant()).abs().compareTo(dateTolerance) > 0) {
                return "Date is outside the tolerance window";
            }
        } catch (Exception e) {
            return "Date is not an RFC 1123 date";
        }
        return null;
    }

    static Map<String, String> parse(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2));
        }
        return out;
    }
}
