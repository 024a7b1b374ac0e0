package org.paymentroutes.fintecture;

import org.paymentroutes.provider.ProviderUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;

/**
 * The Fintecture payment session ({@code POST /pis/v2/connect}): builds the request from an order and
 * records what the provider answered. The route ({@code routes/fintecture-initiation.camel.yaml})
 * decides which of these to call by the HTTP status.
 */
public final class FintectureConnect {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PaymentStore store;
    private final String redirectUri;
    private final String actionsQueue;

    public FintectureConnect(PaymentStore store, String redirectUri, String actionsQueue) {
        this.store = store;
        this.redirectUri = redirectUri;
        this.actionsQueue = actionsQueue;
    }

    /** Sets method, path, raw query and the JSON body bytes (serialized once: the digest signs these bytes). */
    public void prepare(Exchange exchange) {
        PaymentOrder order = exchange.getProperty(ExchangeKeys.ORDER, PaymentOrder.class);
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_PATH, "/pis/v2/connect");
        in.setHeader(Exchange.HTTP_RAW_QUERY, "redirect_uri=" + QueryEncoding.encode(redirectUri) + "&state=" + QueryEncoding.encode(order.orderId()));
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
        in.setBody(body(order));
    }

    static byte[] body(PaymentOrder order) {
        Map<String, Object> meta = new LinkedHashMap<>();
        PaymentOrder.Payer payer = order.payer();
        if (payer != null) {
            putIfSet(meta, "psu_name", payer.name());
            putIfSet(meta, "psu_company", payer.company());
            putIfSet(meta, "psu_email", payer.email());
            putIfSet(meta, "psu_phone", payer.phone());
            putIfSet(meta, "psu_incorporation", payer.incorporation());
            PaymentOrder.Address a = payer.address();
            if (a != null) {
                Map<String, Object> address = new LinkedHashMap<>();
                putIfSet(address, "street", a.street());
                putIfSet(address, "number", a.number());
                putIfSet(address, "complement", a.complement());
                putIfSet(address, "zip", a.zip());
                putIfSet(address, "city", a.city());
                putIfSet(address, "country", a.country());
                meta.put("psu_address", address);
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("amount", order.amountText());
        attributes.put("currency", order.currency());
        attributes.put("communication", order.communication());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "payments");
        data.put("attributes", attributes);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("meta", meta);
        root.put("data", data);
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 2xx: stores the session id and connect URL; the payment now waits for the payer (ACTION_REQUIRED). */
    public void sessionCreated(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        JsonNode meta;
        try {
            meta = JSON.readTree(exchange.getIn().getBody(byte[].class)).path("meta");
        } catch (Exception e) {
            throw new ProviderUnavailableException("Fintecture connect: unreadable 2xx answer for order " + orderId);
        }
        String sessionId = meta.path("session_id").asText(null);
        String url = meta.path("url").asText(null);
        if (sessionId == null || url == null) {
            throw new ProviderUnavailableException("Fintecture connect: the answer for order " + orderId + " lacks session_id or url");
        }
        // The change, its outcome and the payer's REDIRECT action, in one transaction (published by the outbox).
        store.inTransaction(c -> {
            var t = store.payments().transition(c, orderId, Transition.to(PaymentStatus.ACTION_REQUIRED).providerStatus("session_initiated")
                    .providerPaymentId(sessionId).actionUrl(url).source("initiation").detail("connect session " + sessionId + " created")
                    .viaOutbox());
            if (t.changed()) {
                store.outbox().enqueue(c, orderId, actionsQueue, Messages.redirectAction(t.payment()), null);
            }
            return null;
        });
    }

    /** 4xx (but 401 after a renewed token, and 429): the provider refused this order; it will not pass on a retry. */
    public void refused(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        ProviderError error = ProviderError.parse(exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getIn().getBody(byte[].class));
        store.payments().transition(orderId, Transition.to(PaymentStatus.FAILED).reasonCode(error.reasonCode()).source("initiation")
                .detail("Fintecture refused the payment session: " + error.describe()).viaOutbox());
    }

    /**
     * 5xx, 429, or 401/403 with a fresh token: fails the exchange (the error handler notes the attempt
     * with the provider's log id) so the broker retries later. A 401/403 names the settings to check.
     */
    public void unavailable(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        ProviderError error = ProviderError.parse(status, exchange.getIn().getBody(byte[].class));
        String hint = status == 401 || status == 403
                ? " (check payments.fintecture.app-id, app-secret and private-key: the provider refuses our credentials or signature)" : "";
        throw new ProviderUnavailableException("Fintecture connect for order " + orderId + " answered " + error.describe() + hint);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
