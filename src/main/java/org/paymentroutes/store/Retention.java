package org.paymentroutes.store;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The retention job's deletions (README, "Retention"). Of a payment that has been final for longer than
 * the retention age it removes the payer's data (the order as received, the action URL), the history,
 * the sent outbox rows, the webhook receipts, the Everifin process row and the reconciliation trail.
 * The payment row stays, with what finance keeps for years: order and provider ids, amount, currency,
 * communication, status, reason and dates. What each run removed is recorded for the daily report.
 */
public final class Retention {

    /** What was removed: payments redacted, and rows deleted per table. */
    public record Removed(int payments, int historyRows, int outboxRows, int receipts) {

        public static final Removed NONE = new Removed(0, 0, 0, 0);

        public Removed plus(Removed o) {
            return new Removed(payments + o.payments, historyRows + o.historyRows, outboxRows + o.outboxRows, receipts + o.receipts);
        }
    }

    private static final String REDACTED = "{}";

    private final Jdbc jdbc;

    Retention(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Removes the data of at most {@code limit} payments final (last changed) before {@code finalBefore}
     * and not yet removed, in one transaction, and records the run. Call again while it returns {@code limit}.
     */
    public Removed purge(OffsetDateTime finalBefore, int limit, String instance) {
        OffsetDateTime now = jdbc.now();
        return jdbc.transaction("retention", tx -> {
            record Due(String orderId, String provider, String providerPaymentId) {
            }
            List<Due> due = tx.list("SELECT order_id, provider, provider_payment_id FROM payment WHERE status IN "
                    + "('SETTLED', 'FAILED', 'EXPIRED', 'REJECTED') AND updated_at < ? AND retained_at IS NULL ORDER BY updated_at",
                    limit, rs -> new Due(rs.getString(1), rs.getString(2), rs.getString(3)), finalBefore);
            int history = 0;
            int outbox = 0;
            int receipts = 0;
            for (Due d : due) {
                history += tx.update("DELETE FROM payment_history WHERE order_id = ?", d.orderId());
                // An unsent row is still owed to the ERP: it stays until the outbox sends it.
                outbox += tx.update("DELETE FROM outbox WHERE order_id = ? AND sent_at IS NOT NULL", d.orderId());
                if (d.providerPaymentId() != null) {
                    receipts += tx.update("DELETE FROM webhook_receipt WHERE provider = ? AND session_id = ?", d.provider(),
                            d.providerPaymentId());
                }
                tx.update("DELETE FROM everifin_process WHERE order_id = ?", d.orderId());
                tx.update("DELETE FROM reconcile_check WHERE order_id = ?", d.orderId());
                tx.update("UPDATE payment SET order_json = ?, action_url = NULL, retained_at = ? WHERE order_id = ?", REDACTED, now,
                        d.orderId());
            }
            Removed removed = new Removed(due.size(), history, outbox, receipts);
            if (!due.isEmpty()) {
                tx.update("INSERT INTO retention_run (ran_at, final_before, payments, history_rows, outbox_rows, receipts, instance) "
                        + "VALUES (?,?,?,?,?,?,?)", now, finalBefore, removed.payments(), history, outbox, receipts, instance);
            }
            return removed;
        });
    }

    /** What the runs in [from, to) removed, summed (for the daily report). */
    public Removed removedBetween(OffsetDateTime from, OffsetDateTime to) {
        return jdbc.autoCommit("retention runs", tx -> tx.first("SELECT COALESCE(SUM(payments), 0), COALESCE(SUM(history_rows), 0), "
                + "COALESCE(SUM(outbox_rows), 0), COALESCE(SUM(receipts), 0) FROM retention_run WHERE ran_at >= ? AND ran_at < ?",
                rs -> new Removed(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), from, to)).orElse(Removed.NONE);
    }
}
