package org.paymentroutes.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** The read-only queries of the daily reconciliation report (its logic and formats are reconcile.DailyReport's). */
public final class ReportQueries {

    private static final String PAYMENT = "order_id, provider, status, amount, currency";

    private final Jdbc jdbc;

    ReportQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Count and sum of the payments of one provider, status and currency. */
    public record Total(String provider, String status, String currency, long count, BigDecimal amount) {
    }

    /** A payment as the report lists it; {@code reasonCode} is only read for {@link Daily#failed}. */
    public record Row(String orderId, String provider, String status, BigDecimal amount, String currency, String reasonCode) {
    }

    /**
     * What the report of the day [from, to) is made of.
     *
     * @param totals     the payments created that day, per provider, status and currency
     * @param stuck      RECEIVED and created before {@code stuckBefore}, whatever the day
     * @param unsettled  AUTHORIZED whose checks stopped (not settled within the horizon), whatever the day
     * @param failed     FAILED and created that day, with their reason code
     * @param flagged    with a history line that day saying "suspicious" or "needs an operator"
     * @param notFinal   EXPIRED that day at the abandon horizon while the provider still said it was not final
     *                   (reason code {@code provider_not_final}): the payer may have paid after all
     */
    public record Daily(List<Total> totals, List<Row> stuck, List<Row> unsettled, List<Row> failed, List<Row> flagged,
                        List<Row> notFinal) {
    }

    /** Every query of one day's report, on one connection. */
    public Daily daily(OffsetDateTime from, OffsetDateTime to, OffsetDateTime stuckBefore) {
        return jdbc.autoCommit("daily report", tx -> new Daily(
                tx.list("SELECT provider, status, currency, COUNT(*), SUM(amount) FROM payment WHERE created_at >= ? AND created_at < ? "
                        + "GROUP BY provider, status, currency ORDER BY provider, status, currency", 0,
                        rs -> new Total(rs.getString(1), rs.getString(2), rs.getString(3).trim(), rs.getLong(4), rs.getBigDecimal(5)),
                        from, to),
                tx.list("SELECT " + PAYMENT + " FROM payment WHERE status = 'RECEIVED' AND created_at < ?", 0, rs -> row(rs, null),
                        stuckBefore),
                tx.list("SELECT " + PAYMENT + " FROM payment WHERE status = 'AUTHORIZED' AND check_stopped_at IS NOT NULL", 0,
                        rs -> row(rs, null)),
                tx.list("SELECT " + PAYMENT + ", reason_code FROM payment WHERE status = 'FAILED' AND created_at >= ? AND created_at < ?", 0,
                        rs -> row(rs, rs.getString(6)), from, to),
                tx.list("SELECT DISTINCT p.order_id, p.provider, p.status, p.amount, p.currency FROM payment p JOIN payment_history h "
                        + "ON h.order_id = p.order_id WHERE h.occurred_at >= ? AND h.occurred_at < ? "
                        + "AND (h.detail LIKE 'suspicious%' OR h.detail LIKE '%needs an operator%')", 0, rs -> row(rs, null), from, to),
                tx.list("SELECT " + PAYMENT + " FROM payment WHERE status = 'EXPIRED' AND reason_code = 'provider_not_final' "
                        + "AND updated_at >= ? AND updated_at < ?", 0, rs -> row(rs, null), from, to)));
    }

    /** How many payments one provider has in one status (the operator's page). */
    public record Count(String provider, String status, long count) {
    }

    /** How many outcomes of one status were published in the hour starting at {@code hour}. */
    public record HourCount(OffsetDateTime hour, String status, long count) {
    }

    /** Every payment, counted per provider and status. */
    public List<Count> countsByProviderAndStatus() {
        return jdbc.autoCommit("counts", tx -> tx.list("SELECT provider, status, COUNT(*) FROM payment GROUP BY provider, status "
                + "ORDER BY provider, status", 0, rs -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3))));
    }

    /**
     * The outcomes published since {@code from}, per hour and status. DATE_TRUNC reads the same on H2
     * and PostgreSQL; the index of V15 keeps it to the rows of the period.
     */
    public List<HourCount> outcomesPerHour(OffsetDateTime from) {
        return jdbc.autoCommit("outcomes per hour", tx -> tx.list("SELECT DATE_TRUNC('HOUR', occurred_at) AS h, status, COUNT(*) "
                + "FROM payment_history WHERE published AND occurred_at >= ? GROUP BY DATE_TRUNC('HOUR', occurred_at), status ORDER BY h",
                0, rs -> new HourCount(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getLong(3)), from));
    }

    /** One payment as the per-payment export lists it (README, "Reports a finance team can match"). */
    public record Exported(String orderId, String provider, String providerPaymentId, String status, BigDecimal amount, String currency,
                           String communication, String reasonCode, OffsetDateTime createdAt, OffsetDateTime authorizedAt,
                           OffsetDateTime settledAt) {
    }

    /** The payments settled in [from, to), by settlement time: the rows a bank statement of those days shows. */
    public List<Exported> settled(OffsetDateTime from, OffsetDateTime to) {
        return jdbc.autoCommit("payment export", tx -> tx.list("SELECT order_id, provider, provider_payment_id, status, amount, currency, "
                + "communication, reason_code, created_at, authorized_at, settled_at FROM payment WHERE settled_at >= ? AND settled_at < ? "
                + "ORDER BY settled_at, order_id", 0, rs -> new Exported(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBigDecimal(5), rs.getString(6).trim(), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class)), from, to));
    }

    private static Row row(ResultSet rs, String reasonCode) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5).trim(), reasonCode);
    }
}
