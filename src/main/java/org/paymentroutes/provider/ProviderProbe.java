package org.paymentroutes.provider;

import java.time.Clock;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.paymentroutes.routes.ExchangeKeys;

/**
 * The circuit breaker's probe: an authenticated GET of a payment that does not exist, through the
 * provider's usual call route (token, signature, 401 renewal), so it proves what the real calls
 * need. A 404 (any answer but 429/5xx) means the provider is back; nothing is created.
 */
public final class ProviderProbe implements CircuitPolicy.Probe {

    private final ProducerTemplate template;
    private final String provider;
    private final String path;
    private final Clock clock;

    /** {@code path}: the provider's status GET of an id no payment has. */
    public ProviderProbe(ProducerTemplate template, String provider, String path, Clock clock) {
        this.template = template;
        this.provider = provider;
        this.path = path;
        this.clock = clock;
    }

    @Override
    public Optional<Outage> call() {
        Exchange answer = template.request("direct:" + provider + "-call", e -> {
            e.setProperty(ExchangeKeys.CIRCUIT_PROBE, true);
            e.setProperty(ExchangeKeys.SOURCE, "circuit probe");
            e.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            e.getIn().setHeader(Exchange.HTTP_PATH, path);
            e.getIn().setHeader("Accept", "application/json");
            e.getIn().setBody(null);
        });
        if (answer.getException() != null) {
            // A failure that is no outage (credentials refused, ...) means the provider answered: the
            // real calls will say what is wrong.
            return Outage.of(answer, clock.instant());
        }
        int status = answer.getMessage().getHeader(ExchangeKeys.HEADER_HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 429 || status >= 500) {
            return Optional.of(new Outage("HTTP " + status,
                    RetryAfter.parse(answer.getMessage().getHeader(ExchangeKeys.HEADER_RETRY_AFTER, String.class), clock.instant())));
        }
        return Optional.empty();
    }
}
