package org.paymentroutes.sandbox.fintecture;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers in the shapes Fintecture uses. SecureRandom, because tokens are bearer credentials. */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private RandomIds() {
    }

    /** 32 lower-case hex characters, like Fintecture's session_id, customer_id and log_id. */
    static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** An opaque bearer token (256 random bits, URL-safe base64). */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
