package org.paymentroutes.config;

/**
 * A configuration key is missing or malformed. The message always names the key, so start-up can
 * print it alone (no stack trace) and the operator knows what to fix.
 */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
