package org.paymentroutes.store;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Each payment's append-only history (table payment_history): status changes, late reports, notes. */
public final class PaymentHistory {

    private final Jdbc jdbc;

    PaymentHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A payment's history, oldest first. */
    public List<HistoryEntry> of(String orderId) {
        return jdbc.autoCommit("history", tx -> tx.list("SELECT id, order_id, status, provider_status, source, published, detail, "
                + "occurred_at FROM payment_history WHERE order_id = ? ORDER BY id", 0,
                rs -> new HistoryEntry(rs.getLong(1), rs.getString(2), PaymentStatus.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)), orderId));
    }

    /** Appends a note (a failed attempt, a provider error's log id) without changing the payment. */
    public void note(String orderId, String source, String detail) {
        OffsetDateTime now = jdbc.now();
        jdbc.autoCommit("note", tx -> {
            Payment p = Payments.find(tx, orderId).orElseThrow(() -> new IllegalArgumentException("no payment " + orderId));
            insert(tx, orderId, p.status(), p.providerStatus(), source, false, detail, now);
            return null;
        });
    }

    static void insert(StoreTransaction tx, String orderId, PaymentStatus status, String providerStatus, String source,
                       boolean published, String detail, OffsetDateTime at) throws SQLException {
        tx.update("INSERT INTO payment_history (order_id, status, provider_status, source, published, detail, occurred_at) "
                + "VALUES (?,?,?,?,?,?,?)", orderId, status.name(), providerStatus, source, published,
                detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail, at);
    }
}
