package org.paymentroutes.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.routes.ExchangeKeys;

/**
 * What the {@code provider-call} route template calls around one provider request: it keeps the
 * prepared request so it can be sent again, exactly, after a token renewal (camel-http replaces the
 * body with the answer and adds the answer's headers), and it classifies the answer.
 */
public final class ProviderCalls {

    private record Request(Map<String, Object> headers, Object body) {
    }

    /** Keeps the prepared request's headers and body (before authorization and signature, which are redone). */
    public void keepRequest(Exchange exchange) {
        Message in = exchange.getIn();
        exchange.setProperty(ExchangeKeys.PROVIDER_REQUEST, new Request(new LinkedHashMap<>(in.getHeaders()), in.getBody()));
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
        exchange.removeProperty(ExchangeKeys.PROVIDER_REQUEST);
        exchange.setProperty(ExchangeKeys.ANSWER,
                ProviderAnswer.of(exchange.getIn().getHeader(ExchangeKeys.HEADER_HTTP_RESPONSE_CODE, 0, Integer.class)));
    }
}
