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
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessState;
import org.paymentroutes.store.ProcessStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /callbacks/everifin/{paymentId}}: the payer is back from the bank after a REDIRECT step.
 * {@code paymentId} is our order id (the bundle puts it in the redirect URL it gives Everifin); an
 * Everifin payment id is accepted too. The query the bank returned with goes, unchanged, into the
 * next process call (seed page 001), through the process queue, so the loop resumes on whichever
 * instance takes it.
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

    /** Sets {@code resume} and, when the payment waits on a redirect, the process message as the body. */
    public void resume(Exchange exchange) {
        Message in = exchange.getIn();
        String id = in.getHeader(ExchangeKeys.HEADER_PAYMENT_ID, String.class);
        Payment payment = id == null ? null : store.find(id).or(() -> store.findByProviderId("everifin", id)).orElse(null);
        ProcessState state = payment == null ? null : states.find(payment.orderId()).orElse(null);
        boolean waiting = state != null && "REDIRECT".equals(state.stepType()) && !payment.status().isFinal();
        exchange.setProperty(ExchangeKeys.RESUME, waiting);
        exchange.setProperty(ExchangeKeys.ORDER_ID, payment == null ? null : payment.orderId());
        if (!waiting) {
            LOG.warn("Everifin callback for {}: no payment waiting on a redirect; nothing resumed", LogMasking.bounded(id, 100));
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
        in.setHeader("JMSCorrelationID", payment.orderId());
        in.setBody(EverifinPayments.processMessage(payment.orderId(), state.seq(), query, false));
    }

    /** The payer's page: back to the ERP (order redirectUri or payments.payer.return-url), or a short note. */
    public void respond(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        boolean resumed = exchange.getProperty(ExchangeKeys.RESUME, false, Boolean.class);
        String target = orderId == null ? null : redirectUri(orderId);
        if (target == null) {
            target = returnUrl;
        }
        if (resumed && target != null) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            out.setHeader("Location", target + (target.contains("?") ? "&" : "?") + "orderId=" + pathSegment(orderId) + "&status=PROCESSING");
            out.setBody("");
            return;
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, resumed ? 200 : 404);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        String text = resumed ? "Thank you. Your bank's answer is being processed; you will be informed of the result."
                : "We could not find a payment waiting for your bank's answer.";
        out.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payment</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
                + "<body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto\"><p>" + text + "</p></body></html>");
    }

    private String redirectUri(String orderId) {
        try {
            var uri = JSON.readTree(store.orderJson(orderId).orElse("{}")).get("redirectUri");
            return uri == null || uri.isNull() ? null : uri.asText();
        } catch (Exception e) {
            return null;
        }
    }
}
