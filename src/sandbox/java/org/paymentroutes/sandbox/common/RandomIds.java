package org.paymentroutes.sandbox.common;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random values the sandboxes hand out. SecureRandom, because tokens and codes are bearer credentials. */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private RandomIds() {
    }

    /** An opaque bearer token, refresh token or authorization code (256 random bits, URL-safe base64). */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 32 lower-case hex characters: Fintecture's session_id, customer_id and log_id, trace ids, OAuth state values. */
    public static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    public static SecureRandom random() {
        return RANDOM;
    }
}
