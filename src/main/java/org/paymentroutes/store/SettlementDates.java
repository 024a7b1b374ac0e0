package org.paymentroutes.store;

import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * When a payment was authorized and settled, kept on the payment row (V10__operations.sql): the
 * per-payment export is keyed by the settlement date, and the retention job deletes the history
 * these dates could otherwise only be read from. A payment that goes straight to SETTLED was
 * authorized at the same moment.
 */
final class SettlementDates {

    private SettlementDates() {
    }

    static void stamp(StoreTransaction tx, String orderId, PaymentStatus status, OffsetDateTime at) throws SQLException {
        if (status == PaymentStatus.AUTHORIZED || status == PaymentStatus.SETTLED) {
            tx.update("UPDATE payment SET authorized_at = COALESCE(authorized_at, ?) WHERE order_id = ?", at, orderId);
        }
        if (status == PaymentStatus.SETTLED) {
            tx.update("UPDATE payment SET settled_at = COALESCE(settled_at, ?) WHERE order_id = ?", at, orderId);
        }
    }
}
