package org.paymentroutes.sandbox.everifin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random values the sandbox hands out. SecureRandom, because tokens and codes are bearer credentials. */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** An opaque bearer token, refresh token or authorization code (256 random bits, URL-safe base64). */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 32 lower-case hex characters: trace ids, OAuth state values. */
    static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static SecureRandom random() {
        return RANDOM;
    }
}
