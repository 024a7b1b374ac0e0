package org.paymentroutes.provider;

/**
 * No access token could be had (the authorization server failed, refused our credentials, or
 * answered nonsense). It says something the generic outage does not: no call to the payment API was
 * made with it, so an order whose attempt failed this way was certainly not sent by that attempt
 * (see FailedAttempts).
 */
public class TokenUnavailableException extends ProviderUnavailableException {
    public TokenUnavailableException(String message) {
        super(message);
    }

    /** With the token answer's status, or the network failure that left none (for the circuit breaker, {@link Outage}). */
    public TokenUnavailableException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
