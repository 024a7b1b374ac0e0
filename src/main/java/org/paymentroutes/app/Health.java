package org.paymentroutes.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.paymentroutes.store.PaymentStore;

/** {@code GET /health}: UP when the routes run and the store answers; 503 otherwise, saying which part is down. */
public final class Health {

    private final PaymentStore store;

    public Health(PaymentStore store) {
        this.store = store;
    }

    public Map<String, Object> check(CamelContext camel) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("routes", camel.getStatus() == ServiceStatus.Started
                && camel.getRouteController().getRouteStatus("intake") == ServiceStatus.Started ? "UP" : "DOWN");
        parts.put("store", store.ping() ? "UP" : "DOWN");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", parts.containsValue("DOWN") ? "DOWN" : "UP");
        out.put("checks", parts);
        return out;
    }

    /** Answers the HTTP request: the check as JSON, 200 when UP, 503 when DOWN. */
    public void respond(org.apache.camel.Exchange exchange) throws Exception {
        Map<String, Object> c = check(exchange.getContext());
        exchange.getMessage().setBody(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(c));
        exchange.getMessage().setHeader("Content-Type", "application/json");
        exchange.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, "UP".equals(c.get("status")) ? 200 : 503);
    }
}
