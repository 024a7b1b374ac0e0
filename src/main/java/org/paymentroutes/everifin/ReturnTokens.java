package org.paymentroutes.everifin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The per-payment secret in the URL Everifin sends the payer back to: only the payer's browser (and
 * Everifin) learn it, so a stranger who knows or guesses an order id cannot fake the payer's return.
 * 256 random bits, URL-safe; the store keeps only its SHA-256, and a presented token is compared on
 * the hashes in constant time.
 */
final class ReturnTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** What an unknown payment is compared against, so that it costs the same as a known one. */
    private static final String NO_HASH = hash("no payment has this token");

    private ReturnTokens() {
    }

    /** A new token: 32 random bytes, base64url without padding (43 characters). */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token's SHA-256, lower-case hex (what the store keeps). */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether {@code token} is the one whose hash was stored. A missing token or stored hash still
     * costs one hash and one comparison, so that an unknown order and a wrong token look the same.
     */
    static boolean matches(String token, String storedHash) {
        byte[] presented = hash(token == null ? "" : token).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = (storedHash == null ? NO_HASH : storedHash).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, expected) && token != null && storedHash != null;
    }
}
