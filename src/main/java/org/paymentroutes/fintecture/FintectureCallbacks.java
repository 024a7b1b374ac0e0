package org.paymentroutes.fintecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.logging.LogMasking;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /callbacks/fintecture?session_id&status&provider&customer_id&state}: the payer is back.
 * The query is only a hint: {@code state} names the order, the session must be the one we stored,
 * and the status is fetched from the API. The payer then sees a short result page, or is sent to the
 * order's {@code redirectUri} (or {@code payments.payer.return-url}) with the outcome.
 */
public final class FintectureCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(FintectureCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a stranger's parameter a log line or a history note keeps. */
    static final int NOTE_CHARS = 100;

    private final PaymentStore store;
    private final String returnUrl;

    public FintectureCallbacks(PaymentStore store, String returnUrl) {
        this.store = store;
        this.returnUrl = returnUrl;
    }

    /** Sets {@code known} and, when the callback names a payment of ours, {@code orderId} and {@code sessionId}. */
    public void begin(Exchange exchange) {
        Message in = exchange.getIn();
        String state = in.getHeader(ExchangeKeys.HEADER_STATE, String.class);
        String sessionId = in.getHeader(ExchangeKeys.HEADER_SESSION_ID, String.class);
        Payment payment = state == null ? null : store.payments().find(state).filter(p -> "fintecture".equals(p.provider())).orElse(null);
        boolean known = payment != null && payment.providerPaymentId() != null && payment.providerPaymentId().equals(sessionId);
        exchange.setProperty(ExchangeKeys.KNOWN, known);
        if (!known) {
            // Anyone can call this URL: what they sent is logged and stored only as a short, escaped note.
            LOG.warn("SUSPICIOUS callback: state {} / session {} match no payment of ours; nothing changed",
                    LogMasking.bounded(state, NOTE_CHARS), LogMasking.bounded(sessionId, NOTE_CHARS));
            if (payment != null) {
                store.history().note(payment.orderId(), "callback", "suspicious callback with session " + LogMasking.bounded(sessionId, NOTE_CHARS)
                        + ": ignored");
            }
            return;
        }
        exchange.setProperty(ExchangeKeys.ORDER_ID, payment.orderId());
        exchange.setProperty(ExchangeKeys.SESSION_ID, payment.providerPaymentId());
    }

    /** The answer to the payer: a redirect to the ERP's page with the outcome, or a small result page. */
    public void respond(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        Payment payment = orderId == null ? null : store.payments().find(orderId).orElse(null);
        if (payment == null || !exchange.getProperty(ExchangeKeys.KNOWN, false, Boolean.class)) {
            page(out, 404, "Payment not found", "We could not find this payment. If you paid, the shop will be informed by the bank.");
            return;
        }
        String target = redirectUri(orderId);
        if (target == null) {
            target = returnUrl;
        }
        if (target != null) {
            String sep = target.contains("?") ? "&" : "?";
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            out.setHeader("Location", target + sep + "orderId=" + QueryEncoding.encode(orderId) + "&status=" + payment.status().name());
            out.setBody("");
            return;
        }
        switch (payment.status()) {
            case AUTHORIZED, SETTLED -> page(out, 200, "Payment accepted", "Your bank accepted the payment of " + payment.amountText()
                    + " " + payment.currency() + ". You can close this page.");
            case FAILED, EXPIRED -> page(out, 200, "Payment not made", "The payment was not made. No money has left your account.");
            default -> page(out, 200, "Payment in progress", "Your bank is still processing the payment. You will be informed of the result.");
        }
    }

    private String redirectUri(String orderId) {
        try {
            JsonNode order = JSON.readTree(store.payments().orderJson(orderId).orElse("{}"));
            JsonNode uri = order.get("redirectUri");
            return uri == null || uri.isNull() ? null : uri.asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static void page(Message out, int status, String title, String text) {
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        out.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>"
                + "</head><body><h1>" + title + "</h1><p>" + text + "</p></body></html>");
    }
}
