package org.paymentroutes.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciliation's records: which payments are due a check (payment.next_check_at, claimed so that
 * one instance at a time checks a payment), and what each run checked (tables reconcile_check, reconcile_run).
 */
public final class ReconcileChecks {

    private static final String DUE = "status IN ('ACTION_REQUIRED', 'PENDING', 'AUTHORIZED') AND provider_payment_id IS NOT NULL "
            + "AND check_stopped_at IS NULL AND ((next_check_at IS NULL AND updated_at <= ?) OR next_check_at <= ?)";

    private final Jdbc jdbc;
    private final PaymentHistory history;

    ReconcileChecks(Jdbc jdbc, PaymentHistory history) {
        this.jdbc = jdbc;
        this.history = history;
    }

    /**
     * Claims up to {@code limit} payments due for a reconciliation check: not final, with a provider
     * payment, checks not stopped, and either never checked and unchanged for {@code minInterval}, or
     * past their next check time. Each is claimed by moving its next check {@code lease} ahead, with a
     * conditional update, so another instance's run skips it: a payment is checked by one instance at a time.
     */
    public List<Payment> claimDue(int limit, Duration minInterval, Duration lease) {
        OffsetDateTime now = jdbc.now();
        OffsetDateTime quietSince = now.minus(minInterval);
        return jdbc.autoCommit("claimDue", tx -> {
            List<String> candidates = tx.list("SELECT order_id FROM payment WHERE " + DUE + " ORDER BY COALESCE(next_check_at, updated_at)",
                    limit, rs -> rs.getString(1), quietSince, now);
            List<Payment> claimed = new ArrayList<>();
            try (PreparedStatement claim = tx.prepare("UPDATE payment SET next_check_at = ? WHERE order_id = ? AND " + DUE)) {
                for (String orderId : candidates) {
                    StoreTransaction.bind(claim, now.plus(lease), orderId, quietSince, now);
                    if (claim.executeUpdate() == 1) {
                        Payments.find(tx, orderId).ifPresent(claimed::add);
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * Claims one payment for an immediate check (an operator's `reconcile ORDER_ID`): due or not, final
     * or not, whatever its next check says (the provider is always asked; the store never moves a final
     * payment, but the operator learns what the provider says). A run checking it at the same moment
     * only means a second read of the same status: the store applies each change once.
     */
    public Optional<Payment> claimNow(String orderId, Duration lease) {
        OffsetDateTime now = jdbc.now();
        return jdbc.autoCommit("claimNow", tx -> tx.update("UPDATE payment SET next_check_at = ? WHERE order_id = ? "
                + "AND provider_payment_id IS NOT NULL", now.plus(lease), orderId) == 1 ? Payments.find(tx, orderId) : Optional.empty());
    }

    public void scheduleCheck(String orderId, OffsetDateTime at) {
        jdbc.update("scheduleCheck", "UPDATE payment SET next_check_at = ? WHERE order_id = ?", StoreTransaction.timestamp(at), orderId);
    }

    /** Makes a payment due for a check now, in the caller's transaction, and says why in its history. */
    public void checkNow(StoreTransaction tx, String orderId, String detail) {
        OffsetDateTime now = jdbc.now();
        Jdbc.joined(tx, "checkNow", t -> {
            t.update("UPDATE payment SET next_check_at = ? WHERE order_id = ?", now, orderId);
            Payment p = Payments.find(t, orderId).orElseThrow();
            PaymentHistory.insert(t, orderId, p.status(), p.providerStatus(), "process", false, detail, now);
            return null;
        });
    }

    /** Stops reconciling a payment (an operator must look) and says why in its history. */
    public void stopChecks(String orderId, String source, String detail) {
        jdbc.update("stopChecks", "UPDATE payment SET check_stopped_at = ?, next_check_at = NULL WHERE order_id = ?", jdbc.now(), orderId);
        history.note(orderId, source, detail);
    }

    public void recordCheck(String job, OffsetDateTime firedAt, String orderId, String instance) {
        jdbc.update("recordCheck", "INSERT INTO reconcile_check (job, fired_at, order_id, instance, checked_at) VALUES (?,?,?,?,?)",
                job, StoreTransaction.timestamp(firedAt), orderId, instance, jdbc.now());
    }

    public void recordRun(String job, OffsetDateTime firedAt, String instance, int checked, int changed) {
        jdbc.update("recordRun", "INSERT INTO reconcile_run (job, fired_at, instance, checked, changed, finished_at) VALUES (?,?,?,?,?,?)",
                job, StoreTransaction.timestamp(firedAt), instance, checked, changed, jdbc.now());
    }

}
