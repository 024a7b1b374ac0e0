package org.paymentroutes.sandbox.everifin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values of one INPUT answer: plain values as sent, and decrypted secrets as bytes that are
 * compared in constant time and wiped by {@link #wipe()} as soon as the check is over. Secrets
 * never become Strings, are never logged, and are never stored on the payment.
 */
final class InputAnswers {

    private final Map<String, JsonNode> plain = new HashMap<>();
    private final Map<String, byte[]> secrets = new HashMap<>();

    void putPlain(String name, JsonNode value) {
        plain.put(name, value);
    }

    void putSecret(String name, byte[] utf8) {
        secrets.put(name, utf8);
    }

    /** Whether the decrypted value of {@code name} is exactly {@code expected} (UTF-8), in constant time. */
    boolean secretEquals(String name, String expected) {
        byte[] value = secrets.get(name);
        return value != null && MessageDigest.isEqual(value, expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain text value, or null. */
    String text(String name) {
        JsonNode value = plain.get(name);
        return value == null ? null : value.asText();
    }

    /** A BOOLEAN value (the engine has checked it is true/false or "true"/"false"). */
    boolean bool(String name) {
        JsonNode value = plain.get(name);
        return value != null && (value.isBoolean() ? value.booleanValue() : "true".equals(value.asText()));
    }

    void wipe() {
        secrets.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        secrets.clear();
    }
}
