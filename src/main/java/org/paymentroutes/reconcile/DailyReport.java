package org.paymentroutes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.StoreException;

/**
 * The daily reconciliation report: for the payments created on one day (UTC), counts and sums per
 * provider, status and currency; and, whatever their day, the payments that need an operator (stuck
 * before the provider, failed that day, authorized but not settled within the horizon, mismatched or
 * with a status we do not know). Published as JSON to payments.reports and written as CSV.
 */
public final class DailyReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final ReconcileConfig config;
    private final Path dir;

    public DailyReport(PaymentStore store, ReconcileConfig config, Path dir) {
        this.store = store;
        this.config = config;
        this.dir = dir;
    }

    public record Total(String provider, String status, String currency, long count, BigDecimal amount) {
    }

    public record Attention(String orderId, String provider, String status, String amount, String currency, String reason) {
    }

    public record Report(int schemaVersion, LocalDate date, OffsetDateTime generatedAt, List<Total> totals, List<Attention> attention) {
    }

    /** The report of the day before the scheduled fire (the route's case); property {@code date} overrides. */
    public Report forExchange(Exchange exchange) {
        LocalDate date = exchange.getProperty(ExchangeKeys.REPORT_DATE, LocalDate.class);
        return build(date != null ? date : store.now().toLocalDate().minusDays(1));
    }

    public Report build(LocalDate date) {
        OffsetDateTime from = date.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = from.plusDays(1);
        try (Connection c = store.dataSource().getConnection()) {
            List<Total> totals = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, status, currency, COUNT(*), SUM(amount) FROM payment "
                    + "WHERE created_at >= ? AND created_at < ? GROUP BY provider, status, currency ORDER BY provider, status, currency")) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int digits = Math.max(java.util.Currency.getInstance(rs.getString(3).trim()).getDefaultFractionDigits(), 0);
                        totals.add(new Total(rs.getString(1), rs.getString(2), rs.getString(3).trim(), rs.getLong(4),
                                rs.getBigDecimal(5).setScale(digits, java.math.RoundingMode.UNNECESSARY)));
                    }
                }
            }
            List<Attention> attention = new ArrayList<>();
            OffsetDateTime stuckBefore = store.now().minus(config.stuckAfter());
            query(c, attention, "never reached the provider, or parked after a call with no answer (RECEIVED; see DLQ)",
                    "SELECT order_id, provider, status, amount, currency FROM payment WHERE status = 'RECEIVED' AND created_at < ?", stuckBefore);
            query(c, attention, "authorized but not settled within the horizon",
                    "SELECT order_id, provider, status, amount, currency FROM payment WHERE status = 'AUTHORIZED' AND check_stopped_at IS NOT NULL");
            query(c, attention, null,
                    "SELECT order_id, provider, status, amount, currency, reason_code FROM payment WHERE status = 'FAILED' AND created_at >= ? AND created_at < ?",
                    from, to);
            query(c, attention, "mismatch or unknown status reported (see the payment's history)",
                    "SELECT DISTINCT p.order_id, p.provider, p.status, p.amount, p.currency FROM payment p JOIN payment_history h ON h.order_id = p.order_id "
                            + "WHERE h.occurred_at >= ? AND h.occurred_at < ? AND (h.detail LIKE 'suspicious%' OR h.detail LIKE '%needs an operator%')",
                    from, to);
            return new Report(1, date, store.now(), totals, attention);
        } catch (SQLException e) {
            throw new StoreException("daily report", e);
        }
    }

    private static void query(Connection c, List<Attention> out, String reason, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String currency = rs.getString(5).trim();
                    int digits = Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
                    String why = reason != null ? reason : "failed: " + rs.getString(6);
                    out.add(new Attention(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBigDecimal(4).setScale(digits, java.math.RoundingMode.UNNECESSARY).toPlainString(), currency, why));
                }
            }
        }
    }

    public String json(Report report) throws IOException {
        return JSON.writeValueAsString(toMap(report));
    }

    /** One CSV: {@code total} rows (counts and sums), then {@code attention} rows (payments for an operator). */
    public String csv(Report report) {
        StringBuilder s = new StringBuilder("kind,provider,status,currency,count,amount,order_id,reason\n");
        for (Total t : report.totals()) {
            s.append("total,").append(t.provider()).append(',').append(t.status()).append(',').append(t.currency()).append(',')
                    .append(t.count()).append(',').append(t.amount().toPlainString()).append(",,\n");
        }
        for (Attention a : report.attention()) {
            s.append("attention,").append(a.provider()).append(',').append(a.status()).append(',').append(a.currency()).append(",,")
                    .append(a.amount()).append(',').append(csvField(a.orderId())).append(',').append(csvField(a.reason())).append('\n');
        }
        return s.toString();
    }

    /** Writes the CSV under the report directory; returns the file. */
    public Path write(Report report) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("report-" + report.date() + ".csv");
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, csv(report), StandardCharsets.UTF_8);
        return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** For the route: build, write the CSV, and leave the JSON in the body. */
    public String publish(Exchange exchange) throws IOException {
        Report report = forExchange(exchange);
        Path file = write(report);
        exchange.setProperty(ExchangeKeys.REPORT_FILE, file.toString());
        return json(report);
    }

    private static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", r.schemaVersion());
        m.put("date", r.date().toString());
        m.put("generatedAt", r.generatedAt().toInstant().toString());
        List<Map<String, Object>> totals = new ArrayList<>();
        for (Total t : r.totals()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", t.provider());
            row.put("status", t.status());
            row.put("currency", t.currency());
            row.put("count", t.count());
            row.put("amount", t.amount().toPlainString());
            totals.add(row);
        }
        m.put("totals", totals);
        m.put("attention", r.attention());
        return m;
    }

    private static String csvField(String s) {
        return s == null ? "" : s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
