package org.paymentroutes.provider;

/**
 * The provider could not answer now (5xx, 429, timeout). Thrown from a transacted route, it rolls the
 * order message back so the broker redelivers it with back-off (artemis/broker.xml); no session was
 * stored, so the retry is safe. The message carries status and log id, never a secret.
 */
public class ProviderUnavailableException extends RuntimeException {

    /** The HTTP status that said so, when it is not on the exchange (a token request's); 0 if none. */
    private final int status;

    public ProviderUnavailableException(String message) {
        this(message, 0, null);
    }

    public ProviderUnavailableException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
