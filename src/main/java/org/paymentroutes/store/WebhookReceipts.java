package org.paymentroutes.store;

import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The webhooks accepted so far, by request id (table webhook_receipt): a replayed webhook is recognised. */
public final class WebhookReceipts {

    private final Jdbc jdbc;

    WebhookReceipts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether a webhook with this request id was already accepted. */
    public boolean seen(String requestId) {
        return jdbc.autoCommit("webhookSeen", tx -> tx.first("SELECT 1 FROM webhook_receipt WHERE request_id = ?", rs -> true, requestId))
                .isPresent();
    }

    /**
     * Deletes the receipts recorded before {@code before}; returns how many. A webhook's Date must be
     * within the tolerance of its arrival, so a receipt older than twice the tolerance can only be
     * replayed by a webhook the verifier refuses anyway.
     */
    public int prune(OffsetDateTime before) {
        return jdbc.autoCommit("pruneWebhooks", tx -> tx.update("DELETE FROM webhook_receipt WHERE received_at < ?",
                StoreTransaction.timestamp(before)));
    }

    /** Records a webhook's request id; false when it was already recorded (a replay). */
    public boolean record(String requestId, String provider, String sessionId) {
        return jdbc.autoCommit("recordWebhook", tx -> {
            try {
                tx.update("INSERT INTO webhook_receipt (request_id, provider, session_id, received_at) VALUES (?,?,?,?)",
                        requestId, provider, sessionId, jdbc.now());
                return true;
            } catch (SQLException e) {
                if (Jdbc.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }
}
