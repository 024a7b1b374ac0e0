package org.paymentroutes.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What operators read and change outside the provider channels (README, "Operating it"): the payments
 * listed by status, provider and need of attention, and the initiation mark cleared once the provider
 * said it holds no payment for an order. Every change goes in the payment's history with source
 * {@code operator} and who did it; status changes go through {@link Payments#transition} like any other.
 */
public final class OperatorQueries {

    /** Unstarted, and the last creation call got no answer: the order was parked (see V5__initiation_attempts.sql). */
    static final String PARKED = "(p.status = 'RECEIVED' AND p.provider_payment_id IS NULL AND p.initiation_started_at IS NOT NULL)";

    private final Jdbc jdbc;

    OperatorQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which payments to list (null: any); newest first, at most {@code limit}.
     *
     * @param attention   parked, checks stopped (authorized but not settled in time), or RECEIVED since before {@code stuckBefore}
     */
    public record Filter(PaymentStatus status, String provider, boolean parked, boolean attention, OffsetDateTime since,
                         OffsetDateTime stuckBefore, int limit) {
    }

    /** A listed payment, with what an operator needs beside it. */
    public record Listed(Payment payment, boolean parked, boolean checksStopped, OffsetDateTime authorizedAt, OffsetDateTime settledAt) {
    }

    public List<Listed> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Payments.COLUMNS.replaceAll("(^|, )", "$1p."))
                .append(", ").append(PARKED).append(", p.check_stopped_at, p.authorized_at, p.settled_at FROM payment p WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.status() != null) {
            sql.append(" AND p.status = ?");
            params.add(f.status().name());
        }
        if (f.provider() != null) {
            sql.append(" AND p.provider = ?");
            params.add(f.provider());
        }
        if (f.since() != null) {
            sql.append(" AND p.created_at >= ?");
            params.add(f.since());
        }
        if (f.parked()) {
            sql.append(" AND ").append(PARKED);
        }
        if (f.attention()) {
            sql.append(" AND (").append(PARKED).append(" OR p.check_stopped_at IS NOT NULL OR (p.status = 'RECEIVED' AND p.created_at < ?))");
            params.add(f.stuckBefore());
        }
        sql.append(" ORDER BY p.created_at DESC, p.order_id");
        return jdbc.autoCommit("list", tx -> tx.list(sql.toString(), f.limit(), rs -> new Listed(Payments.map(rs), rs.getBoolean(15),
                rs.getObject(16) != null, rs.getObject(17, OffsetDateTime.class), rs.getObject(18, OffsetDateTime.class)), params.toArray()));
    }

    /** Whether the order's last creation call got no answer (it is, or would be, parked). */
    public boolean parked(String orderId) {
        return jdbc.autoCommit("parked", tx -> tx.first("SELECT " + PARKED + " FROM payment p WHERE p.order_id = ?",
                rs -> rs.getBoolean(1), orderId)).orElse(false);
    }

    /**
     * The provider said it holds no payment for this unstarted order: its initiation mark and claim go,
     * so the next delivery sends the order instead of parking it again; the history says who and why.
     * False when the payment has moved on meanwhile (nothing changed).
     */
    public boolean clearInitiationMark(String orderId, String detail) {
        OffsetDateTime now = jdbc.now();
        return jdbc.transaction("clearInitiationMark", tx -> {
            int n = tx.update("UPDATE payment SET initiation_started_at = ?, claim_token = NULL, claim_until = NULL WHERE order_id = ? "
                    + "AND status = 'RECEIVED' AND provider_payment_id IS NULL", StoreTransaction.timestamp(null), orderId);
            if (n == 1) {
                PaymentHistory.insert(tx, orderId, PaymentStatus.RECEIVED, null, "operator", false, detail, now);
            }
            return n == 1;
        });
    }

    /** Asks reconciliation to check a payment at once (after an operator attached its provider payment). */
    public void checkSoon(String orderId) {
        jdbc.update("checkSoon", "UPDATE payment SET next_check_at = ?, check_stopped_at = ? WHERE order_id = ?", jdbc.now(),
                StoreTransaction.timestamp(null), orderId);
    }
}
