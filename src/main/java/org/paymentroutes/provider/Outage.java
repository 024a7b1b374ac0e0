package org.paymentroutes.provider;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.paymentroutes.routes.ExchangeKeys;

/**
 * Whether a finished exchange met a provider outage, the kind a circuit breaker counts: 5xx or 429
 * (the provider cannot answer now), a timeout, a refused or unreachable connection. Not counted: an
 * answer (2xx, 4xx), and 401/403 after a token renewal (our credentials: an operator must act, and
 * waiting would not help).
 *
 * @param why       one line for the log and health (status or exception kind, never a body or URL)
 * @param retryAfter when the provider asked to be called again, if it did
 */
public record Outage(String why, Optional<Instant> retryAfter) {

    /** The exchange's outage, or empty when the provider answered or the failure was not the provider's. */
    public static Optional<Outage> of(Exchange exchange, Instant now) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            return Optional.empty();
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof NoHttpResponseException) {
                return Optional.of(new Outage(t.getClass().getSimpleName(), Optional.empty()));
            }
        }
        ProviderUnavailableException unavailable = find(error, ProviderUnavailableException.class);
        if (unavailable == null) {
            return Optional.empty();
        }
        int status = unavailable.status() > 0 ? unavailable.status()
                : exchange.getMessage().getHeader(ExchangeKeys.HEADER_HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 429 || status >= 500) {
            String retryAfter = exchange.getMessage().getHeader(ExchangeKeys.HEADER_RETRY_AFTER, String.class);
            return Optional.of(new Outage("HTTP " + status, RetryAfter.parse(retryAfter, now)));
        }
        return Optional.empty();
    }

    /** The provider answered the exchange's last call (anything but an outage, and not 401/403 again). */
    public static boolean answered(Exchange exchange) {
        ProviderAnswer answer = exchange.getProperty(ExchangeKeys.ANSWER, ProviderAnswer.class);
        return answer == ProviderAnswer.ANSWERED || answer == ProviderAnswer.REFUSED;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
