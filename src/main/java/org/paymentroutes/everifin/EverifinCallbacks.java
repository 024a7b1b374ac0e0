package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.logging.LogMasking;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessState;
import org.paymentroutes.store.ProcessStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /callbacks/everifin/{orderId}/{token}}: the payer is back from the bank after a REDIRECT
 * step. The URL is the one the bundle gave Everifin at creation: our order id and the payment's
 * secret return token ({@link ReturnTokens}). The query the bank returned with goes, unchanged, into
 * the next process call (docs/everifin.md), through the process queue, so the loop resumes on whichever instance takes
 * it. Without the right token nothing changes, and the answer is exactly that of an unknown order
 * (404, same page), so a stranger learns nothing about which orders exist or wait. With it, a
 * reload after the payment moved on shows where the payment stands.
 */
public final class EverifinCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(EverifinCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final ProcessStates states;
    private final String returnUrl;

    public EverifinCallbacks(PaymentStore store, ProcessStates states, String returnUrl) {
        this.store = store;
        this.states = states;
        this.returnUrl = returnUrl;
    }

    static String pathSegment(String orderId) {
        return java.net.URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sets {@code known} (the order id and its token match), {@code resume} and, when the payment
     * waits on a redirect, the process message as the body.
     */
    public void resume(Exchange exchange) {
        Message in = exchange.getIn();
        String id = in.getHeader(ExchangeKeys.HEADER_PAYMENT_ID, String.class);
        String token = in.getHeader(ExchangeKeys.HEADER_RETURN_TOKEN, String.class);
        // One lookup and one constant-time comparison whether or not the order exists.
        String stored = id == null ? null : states.returnTokenSha256(id).orElse(null);
        boolean known = ReturnTokens.matches(token, stored);
        exchange.setProperty(ExchangeKeys.KNOWN, known);
        exchange.setProperty(ExchangeKeys.RESUME, false);
        if (!known) {
            LOG.warn("Everifin callback for {}: no payment with this id and return token; nothing resumed", id);
            return;
        }
        Payment payment = store.payments().find(id).orElseThrow();
        ProcessState state = states.find(id).orElseThrow();
        boolean waiting = "REDIRECT".equals(state.stepType()) && !payment.status().isFinal();
        exchange.setProperty(ExchangeKeys.RESUME, waiting);
        exchange.setProperty(ExchangeKeys.ORDER_ID, payment.orderId());
        // While the bank's answer is processed the payment is PENDING; afterwards, whatever it is now.
        exchange.setProperty(ExchangeKeys.STATUS, (waiting ? PaymentStatus.PENDING : payment.status()).name());
        if (!waiting) {
            LOG.info("Everifin callback for {}: the payment is {} and waits on no redirect; showing where it stands", LogMasking.bounded(id, 100), payment.status());
            return;
        }
        ObjectNode query = JSON.createObjectNode();
        String raw = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (raw == null) {
            raw = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        in.removeHeaders("*");
        in.setHeader(ExchangeKeys.HEADER_CORRELATION_ID, payment.orderId());
        in.setBody(EverifinPayments.processMessage(payment.orderId(), state.seq(), query, false, true));
    }

    /**
     * The payer's page: back to the ERP (order redirectUri or payments.payer.return-url) with our
     * status, or a short page saying where the payment stands; 404 for an unknown order or token.
     */
    public void respond(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        boolean known = exchange.getProperty(ExchangeKeys.KNOWN, false, Boolean.class);
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        String status = exchange.getProperty(ExchangeKeys.STATUS, String.class);
        String target = known ? redirectUri(orderId) : null;
        if (target == null) {
            target = returnUrl;
        }
        if (known && target != null) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            out.setHeader("Location", target + (target.contains("?") ? "&" : "?") + "orderId=" + pathSegment(orderId) + "&status=" + status);
            out.setBody("");
            return;
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, known ? 200 : 404);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        out.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payment</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
                + "<body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto\"><p>"
                + (known ? text(PaymentStatus.valueOf(status)) : "We could not find this payment.") + "</p></body></html>");
    }

    private static String text(PaymentStatus status) {
        return switch (status) {
            case AUTHORIZED, SETTLED -> "Your payment has been authorized.";
            case FAILED, EXPIRED, REJECTED -> "Your payment did not go through.";
            default -> "Thank you. Your payment is being processed; you will be informed of the result.";
        } + " (status " + status.name() + ")";
    }

    private String redirectUri(String orderId) {
        try {
            var uri = JSON.readTree(store.payments().orderJson(orderId).orElse("{}")).get("redirectUri");
            return uri == null || uri.isNull() ? null : uri.asText();
        } catch (Exception e) {
            return null;
        }
    }
}
