package org.paymentroutes.provider;

/**
 * The provider could not answer now (5xx, 429, timeout). Thrown from a transacted route, it rolls the
 * order message back so the broker redelivers it with back-off (artemis/broker.xml); no session was
 * stored, so the retry is safe. The message carries status and log id, never a secret.
 */
public class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message) {
        super(message);
    }
}
