package org.paymentroutes.sandbox.fintecture;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which webhooks the payments produce: one per change of status or transfer state, and the
 * test's extra ones (a duplicate, a stale status, a forgery). {@link WebhookSender} delivers them.
 * With no webhook URL configured there is no sender: changes send nothing and the test hooks refuse.
 */
final class PaymentWebhooks {

    private final WebhookSender sender;
    /** The last change webhook of each session, for {@link #again}. */
    private final Map<String, Webhook> lastEventBySession = new ConcurrentHashMap<>();

    /** @param sender null when no webhook URL is configured */
    PaymentWebhooks(WebhookSender sender) {
        this.sender = sender;
    }

    void changed(SandboxPayment payment) {
        if (sender != null) {
            Webhook webhook = Webhook.of(payment, WebhookDelivery.Kind.EVENT);
            lastEventBySession.put(payment.sessionId(), webhook);
            sender.send(webhook);
        }
    }

    /** The session's last webhook once more: same body, same X-Request-ID (a fresh Date and signature). */
    void again(String sessionId) {
        WebhookSender target = requireSender();
        Webhook last = lastEventBySession.get(sessionId);
        if (last == null) {
            throw new IllegalStateException("no webhook has been sent for session " + sessionId);
        }
        target.send(last.duplicate());
    }

    /**
     * A webhook reporting {@code status} now that the session has moved on. When the session had
     * that status before, it reports that earlier state (e.g. payment_created with transfer_state
     * pending after the settlement); otherwise the current one with that status and no
     * transfer_state (e.g. payment_pending, which the page's flow skips). A new X-Request-ID: it
     * is a webhook the receiver has not seen, so deduplication cannot hide it.
     *
     * @param history the session's states, oldest first, current last
     */
    void stale(List<SandboxPayment> history, String status) {
        WebhookSender target = requireSender();
        SandboxPayment current = history.get(history.size() - 1);
        SandboxPayment reported = null;
        for (int i = history.size() - 2; i >= 0 && reported == null; i--) {
            if (history.get(i).status().equals(status)) {
                reported = history.get(i);
            }
        }
        if (reported == null) {
            reported = current.withOutcome(status, null, current.provider(), current.executionDate());
        }
        target.send(Webhook.of(reported, WebhookDelivery.Kind.STALE));
    }

    /** A webhook claiming {@code status} (the current transfer_state kept only if it is the current status) with one defect. */
    void forged(SandboxPayment current, String status, FintectureSandbox.Forgery forgery) {
        WebhookSender target = requireSender();
        SandboxPayment reported = status.equals(current.status()) ? current
                : current.withOutcome(status, null, current.provider(), current.executionDate());
        target.sendForged(Webhook.of(reported, WebhookDelivery.Kind.FORGED), forgery);
    }

    void hold(boolean hold) {
        if (sender != null) {
            sender.hold(hold);
        }
    }

    void release() {
        if (sender != null) {
            sender.release();
        }
    }

    void drop(boolean drop) {
        if (sender != null) {
            sender.drop(drop);
        }
    }

    List<WebhookDelivery> deliveries() {
        return sender == null ? List.of() : sender.deliveries();
    }

    void clearDeliveries() {
        if (sender != null) {
            sender.clearDeliveries();
        }
    }

    private WebhookSender requireSender() {
        if (sender == null) {
            throw new IllegalStateException("no webhook URL configured (SandboxSettings.withWebhookUrl)");
        }
        return sender;
    }
}
