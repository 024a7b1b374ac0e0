package org.paymentroutes.sandbox.fintecture;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One webhook: what it reports and its exact body bytes, encoded once so that every attempt and
 * every duplicate sends (and digests) the same bytes.
 *
 * @param reported  the payment as this webhook reports it (for a stale webhook, an earlier state)
 * @param requestId the X-Request-ID, fixed for the webhook's life: the provider's retries are the
 *                  same webhook, and a receiver deduplicates on it
 */
record Webhook(SandboxPayment reported, String requestId, WebhookDelivery.Kind kind, byte[] body) {

    static Webhook of(SandboxPayment reported, WebhookDelivery.Kind kind) {
        return new Webhook(reported, UUID.randomUUID().toString(), kind, form(reported, reported.amount()));
    }

    /** The same webhook sent once more, as a provider may: same body, same X-Request-ID. */
    Webhook duplicate() {
        return new Webhook(reported, requestId, WebhookDelivery.Kind.DUPLICATE, body);
    }

    /** The body with the amount raised by one unit: what a tamperer on the way would change. */
    byte[] tamperedBody() {
        return form(reported, new BigDecimal(reported.amount()).add(BigDecimal.ONE).toPlainString());
    }

    /**
     * {@code session_id=..&status=..&customer_id=..&provider=..&state=..&type=PayByBank[&transfer_state=..]&amount=..&currency=..}:
     * the provider's documented fields first, in its order, then the extra ones its webhooks carry.
     * Values are encoded with {@link URLEncoder} (UTF-8, space as '+'), as form bodies are.
     */
    private static byte[] form(SandboxPayment p, String amount) {
        StringBuilder form = new StringBuilder(256);
        add(form, "session_id", p.sessionId());
        add(form, "status", p.status());
        add(form, "customer_id", p.customerId());
        add(form, "provider", p.provider());
        add(form, "state", p.state());
        add(form, "type", "PayByBank");
        if (p.transferState() != null) {
            add(form, "transfer_state", p.transferState());
        }
        add(form, "amount", amount);
        add(form, "currency", p.currency());
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void add(StringBuilder form, String name, String value) {
        if (form.length() > 0) {
            form.append('&');
        }
        form.append(name).append('=').append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
    }
}
