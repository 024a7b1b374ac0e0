package org.paymentroutes.fintecture;

import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.routes.ExchangeKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Fintecture payment's status, fetched with a signed {@code GET /pis/v2/payments/{session_id}} and
 * applied to the store. Whatever triggered the fetch (callback, webhook, reconciliation), the
 * fetched payment must match the order we hold (session, amount, currency, communication) before
 * its status counts; a mismatch changes nothing and is logged as suspicious.
 */
public final class FintecturePayments {

    private static final Logger LOG = LoggerFactory.getLogger(FintecturePayments.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;

    public FintecturePayments(PaymentStore store) {
        this.store = store;
    }

    /** Sets method and path of the status request for the session in the {@code sessionId} property (no body: no digest). */
    public void prepareFetch(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        String path = "/pis/v2/payments/" + QueryEncoding.encode(exchange.getProperty(ExchangeKeys.SESSION_ID, String.class));
        exchange.setProperty(ExchangeKeys.ASKED, "GET " + path);
        in.setHeader(Exchange.HTTP_PATH, path);
        in.removeHeader(Exchange.HTTP_RAW_QUERY);
        in.setHeader("Accept", "application/json");
        in.setBody(null);
    }

    /** A 2xx answer: checks it against the order, maps the status and records it (outcome via the outbox). */
    public void apply(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        String source = exchange.getProperty(ExchangeKeys.SOURCE, String.class);
        Payment payment = store.payments().find(orderId).orElseThrow(() -> new IllegalStateException("no payment " + orderId));
        JsonNode root;
        try {
            root = JSON.readTree(exchange.getIn().getBody(byte[].class));
        } catch (Exception e) {
            throw new ProviderUnavailableException("Fintecture payment " + payment.providerPaymentId() + ": unreadable answer");
        }
        JsonNode meta = root.path("meta");
        JsonNode attributes = root.path("data").path("attributes");
        List<String> mismatches = mismatches(payment, meta, attributes);
        exchange.setProperty(ExchangeKeys.CHANGED, false);
        if (!mismatches.isEmpty()) {
            exchange.setProperty(ExchangeKeys.SUSPICIOUS, true);
            LOG.warn("SUSPICIOUS {} for order {}: the provider's payment does not match the order ({})", source, orderId, String.join("; ", mismatches));
            store.history().note(orderId, source, "suspicious: fetched payment does not match the order: " + String.join("; ", mismatches));
            return;
        }
        String sessionStatus = text(meta, "status");
        String transferState = text(attributes, "transfer_state");
        FintectureStatus.Mapped mapped = FintectureStatus.map(sessionStatus, transferState, meta.path("has_settlement_completed").asBoolean(false));
        String raw = "meta.status=" + sessionStatus + (transferState == null ? "" : ", transfer_state=" + transferState);
        exchange.setProperty(ExchangeKeys.PROVIDER_STATUS, raw);
        if (mapped.status() == null) {
            LOG.warn("Order {}: unknown Fintecture status ({}); kept in the history for an operator", orderId, mapped.unknown());
            store.history().note(orderId, source, "unknown provider status, needs an operator: " + raw);
            return;
        }
        if (mapped.needsOperator()) {
            LOG.warn("Order {}: Fintecture reports {} ({}); an operator should look", orderId, mapped.status(), raw);
        }
        var t = store.payments().transition(orderId, Transition.to(mapped.status()).providerStatus(mapped.providerStatus())
                .reasonCode(mapped.reasonCode()).source(source).viaOutbox()
                .detail(raw + (mapped.needsOperator()
                        ? " (needs an operator" + (mapped.unknown() != null ? ": unknown " + mapped.unknown() : "") + ")" : "")));
        exchange.setProperty(ExchangeKeys.CHANGED, t.changed());
        exchange.setProperty(ExchangeKeys.STATUS, t.payment().status().name());
        if (t.changed()) {
            LOG.info("Order {} is {} ({}, from {})", orderId, t.payment().status(), raw, source);
        }
    }

    /** A non-2xx answer: the status is unknown for now; reconciliation or a redelivery will ask again. */
    public void fetchFailed(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        ProviderError error = ProviderError.parse(status, exchange.getIn().getBody(byte[].class));
        throw new ProviderUnavailableException("Fintecture status of order " + exchange.getProperty(ExchangeKeys.ORDER_ID) + " could not be fetched: "
                + error.describe());
    }

    static List<String> mismatches(Payment payment, JsonNode meta, JsonNode attributes) {
        List<String> out = new ArrayList<>();
        String session = text(meta, "session_id");
        if (!Objects.equals(session, payment.providerPaymentId())) {
            out.add("session " + session + " is not the order's " + payment.providerPaymentId());
        }
        String amount = text(attributes, "amount");
        try {
            if (amount == null || new BigDecimal(amount).compareTo(payment.amount()) != 0) {
                out.add("amount " + amount + " is not " + payment.amountText());
            }
        } catch (NumberFormatException e) {
            out.add("amount '" + amount + "' is not a number");
        }
        String currency = text(attributes, "currency");
        if (!payment.currency().equalsIgnoreCase(String.valueOf(currency))) {
            out.add("currency " + currency + " is not " + payment.currency());
        }
        String communication = text(attributes, "communication");
        if (payment.communication() != null && !payment.communication().equals(communication)) {
            out.add("communication differs");
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
