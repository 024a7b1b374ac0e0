package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.signing.WebhookVerifier;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * {@code POST /webhooks/fintecture}: verify, record, answer 2xx; the status itself is fetched later,
 * from the internal events queue, by the same route as a callback's. A webhook that fails any check is
 * answered 401 and changes nothing; one whose fields do not fit the store is answered 400, naming the
 * field, before anything is queued; a replay (an X-Request-ID already accepted) is acknowledged and
 * not processed again. Receipts are pruned once older than twice the Date window ({@link #prune}).
 */
public final class FintectureWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(FintectureWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The longest value of each field the webhook's event and receipt carry: the columns they end in
     * (webhook_receipt.request_id and session_id, payment.order_id for state, provider_status).
     */
    static final Map<String, Integer> MAX_LENGTHS = new LinkedHashMap<>();

    static {
        MAX_LENGTHS.put("x-request-id", 128);
        MAX_LENGTHS.put("session_id", 128);
        MAX_LENGTHS.put("state", 64);
        MAX_LENGTHS.put("status", 64);
    }

    private final WebhookVerifier verifier;
    private final PaymentStore store;
    private final String path;
    private final Duration dateTolerance;

    public FintectureWebhooks(WebhookVerifier verifier, PaymentStore store, String path, Duration dateTolerance) {
        this.verifier = verifier;
        this.store = store;
        this.path = path;
        this.dateTolerance = dateTolerance;
    }

    /**
     * Sets the property {@code verified}: the signature checks passed and every field fits where it
     * will be stored. On failure also the answer: 401 for the signature, 400 naming the field.
     */
    public void verify(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        String reason = verifier.check("POST", path, name -> single(in, name), body);
        PaymentMetrics.webhook("fintecture", reason == null);
        if (reason != null) {
            exchange.setProperty(ExchangeKeys.VERIFIED, false);
            LOG.warn("Refused a Fintecture webhook from {}: {}", in.getHeader("CamelVertxPlatformHttpRemoteAddress"), reason);
            answer(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        Map<String, String> values = fields(in.getHeader(org.paymentroutes.app.RawRequestBody.ORIGINAL_CONTENT_TYPE, String.class), body);
        values.put("x-request-id", single(in, "x-request-id"));
        String tooLong = tooLong(values);
        exchange.setProperty(ExchangeKeys.VERIFIED, tooLong == null);
        if (tooLong != null) {
            LOG.warn("Refused a Fintecture webhook: {} is longer than {} characters", tooLong, MAX_LENGTHS.get(tooLong));
            ObjectNode error = JSON.createObjectNode().put("error", "invalid_field").put("field", tooLong)
                    .put("reason", "longer than " + MAX_LENGTHS.get(tooLong) + " characters");
            answer(exchange, 400, error.toString());
        }
    }

    /** The first field longer than its column allows, or null. */
    static String tooLong(Map<String, String> values) {
        for (Map.Entry<String, Integer> max : MAX_LENGTHS.entrySet()) {
            String value = values.get(max.getKey());
            if (value != null && value.length() > max.getValue()) {
                return max.getKey();
            }
        }
        return null;
    }

    /** Deletes the receipts older than twice the Date window: a replay of them fails the Date check anyway. */
    public void prune(Exchange exchange) {
        int pruned = store.webhooks().prune(store.now().minus(dateTolerance.multipliedBy(2)));
        if (pruned > 0) {
            LOG.debug("Pruned {} webhook receipts older than twice the Date window", pruned);
        }
    }

    /**
     * Turns a verified webhook into an internal event (identifiers only: the status comes from the
     * API) and sets {@code replay} when its X-Request-ID was accepted before. The receipt itself is
     * written by {@link #remember} only once the event is safely on the queue, so a crash in between
     * makes the provider's retry count again rather than be dropped as a replay.
     */
    public void record(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String requestId = single(in, "x-request-id");
        Map<String, String> fields = fields(in.getHeader(org.paymentroutes.app.RawRequestBody.ORIGINAL_CONTENT_TYPE, String.class),
                in.getBody(byte[].class));
        String sessionId = fields.get("session_id");
        boolean replay = store.webhooks().seen(requestId);
        exchange.setProperty(ExchangeKeys.WEBHOOK_REPLAY, replay);
        exchange.setProperty(ExchangeKeys.REQUEST_ID, requestId);
        exchange.setProperty(ExchangeKeys.SESSION_ID, sessionId);
        ObjectNode event = JSON.createObjectNode();
        event.put("provider", "fintecture");
        event.put("sessionId", sessionId);
        event.put("state", fields.get("state"));
        event.put("requestId", requestId);
        event.put("reportedStatus", fields.get("status"));
        in.setBody(JSON.writeValueAsString(event));
        if (replay) {
            LOG.info("Fintecture webhook {} for session {} is a replay: acknowledged, not processed again", requestId, sessionId);
        }
    }

    /** After the event is queued: remember the X-Request-ID, so that a replay is not processed again. */
    public void remember(Exchange exchange) {
        store.webhooks().record(exchange.getProperty(ExchangeKeys.REQUEST_ID, String.class), "fintecture", exchange.getProperty(ExchangeKeys.SESSION_ID, String.class));
    }

    /** From an internal event: which order it concerns. Sets {@code orderId}, {@code sessionId}, or {@code known=false}. */
    public void resolve(Exchange exchange) throws Exception {
        JsonNode event = JSON.readTree(exchange.getIn().getBody(byte[].class));
        String sessionId = event.path("sessionId").asText(null);
        Payment payment = sessionId == null ? null : store.payments().findByProviderId("fintecture", sessionId).orElse(null);
        exchange.setProperty(ExchangeKeys.KNOWN, payment != null);
        if (payment == null) {
            LOG.warn("SUSPICIOUS webhook: session {} (state {}) matches no payment of ours; ignored", sessionId, event.path("state").asText(null));
            return;
        }
        exchange.setProperty(ExchangeKeys.ORDER_ID, payment.orderId());
        exchange.setProperty(ExchangeKeys.SESSION_ID, payment.providerPaymentId());
    }

    public void accepted(Exchange exchange) {
        answer(exchange, 200, "{\"status\":\"accepted\"}");
    }

    private static void answer(Exchange exchange, int status, String body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body);
    }

    /** A header's value, or null when absent or sent more than once (ambiguous: refused). */
    private static String single(Message in, String name) {
        Object v = in.getHeader(name);
        return v instanceof String s ? s : null;
    }

    static Map<String, String> fields(String contentType, byte[] body) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.toLowerCase().contains("json")) {
            try {
                JsonNode n = JSON.readTree(text);
                JsonNode flat = n.has("meta") ? n.path("meta") : n;
                flat.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null));
                n.fields().forEachRemaining(e -> out.putIfAbsent(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null));
            } catch (Exception e) {
                return out;
            }
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
