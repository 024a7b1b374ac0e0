package org.paymentroutes.provider;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.paymentroutes.metrics.PaymentMetrics;
import org.paymentroutes.routes.ExchangeKeys;

/**
 * What the {@code provider-call} route template calls around one provider request: it keeps the
 * prepared request so it can be sent again, exactly, after a token renewal (camel-http replaces the
 * body with the answer and adds the answer's headers), and it classifies the answer.
 */
public final class ProviderCalls {

    /** {@code started}: System.nanoTime() when the call began (for the latency metric). */
    private record Request(Map<String, Object> headers, Object body, long started) {
    }

    /** Keeps the prepared request's headers and body (before authorization and signature, which are redone). */
    public void keepRequest(Exchange exchange) {
        Message in = exchange.getIn();
        exchange.setProperty(ExchangeKeys.PROVIDER_REQUEST, new Request(new LinkedHashMap<>(in.getHeaders()), in.getBody(), System.nanoTime()));
    }

    /** Puts the kept request back, dropping what the first answer left on the message. */
    public void restoreRequest(Exchange exchange) {
        Request kept = exchange.getProperty(ExchangeKeys.PROVIDER_REQUEST, Request.class);
        Message in = exchange.getIn();
        in.getHeaders().clear();
        in.getHeaders().putAll(kept.headers());
        in.setBody(kept.body());
    }

    /** Sets {@link ExchangeKeys#ANSWER} from the HTTP status of the answer; the kept request is dropped. */
    public void classify(Exchange exchange) {
        Request kept = (Request) exchange.removeProperty(ExchangeKeys.PROVIDER_REQUEST);
        int code = exchange.getIn().getHeader(ExchangeKeys.HEADER_HTTP_RESPONSE_CODE, 0, Integer.class);
        exchange.setProperty(ExchangeKeys.ANSWER, ProviderAnswer.of(code));
        if (kept != null) {
            PaymentMetrics.providerCall(provider(exchange), (String) kept.headers().get(Exchange.HTTP_METHOD),
                    (String) kept.headers().get(Exchange.HTTP_PATH), code, Duration.ofNanos(System.nanoTime() - kept.started()));
        }
    }

    /** The provider of the route this runs in ({@code <provider>-call}, from the provider-call template). */
    private static String provider(Exchange exchange) {
        Route route = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        String id = route == null ? null : route.getRouteId();
        return id != null && id.endsWith("-call") ? id.substring(0, id.length() - "-call".length()) : id;
    }
}
