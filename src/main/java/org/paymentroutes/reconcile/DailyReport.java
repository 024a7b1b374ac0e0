package org.paymentroutes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.paymentroutes.store.ReportQueries;
import org.paymentroutes.store.Retention;

/**
 * The daily reconciliation report: for the payments created on one day (UTC), counts and sums per
 * provider, status and currency; and, whatever their day, the payments that need an operator (stuck
 * before the provider, failed that day, authorized but not settled within the horizon, mismatched or
 * with a status we do not know, expired while the provider had not finished them). Published as JSON to payments.reports and written as CSV.
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

    /** @param retention what the retention job removed that day (README, "Retention") */
    public record Report(int schemaVersion, LocalDate date, OffsetDateTime generatedAt, List<Total> totals, List<Attention> attention,
                         Retention.Removed retention) {
    }

    /** The report of the day before the scheduled fire (the route's case); property {@code date} overrides. */
    public Report forExchange(Exchange exchange) {
        LocalDate date = exchange.getProperty(ExchangeKeys.REPORT_DATE, LocalDate.class);
        return build(date != null ? date : store.now().toLocalDate().minusDays(1));
    }

    public Report build(LocalDate date) {
        OffsetDateTime from = date.atStartOfDay().atOffset(ZoneOffset.UTC);
        ReportQueries.Daily rows = rows(from, from.plusDays(1));
        List<Total> totals = new ArrayList<>();
        for (ReportQueries.Total t : rows.totals()) {
            totals.add(new Total(t.provider(), t.status(), t.currency(), t.count(), scaled(t.amount(), t.currency())));
        }
        return new Report(1, date, store.now(), totals, attention(rows), store.retention().removedBetween(from, from.plusDays(1)));
    }

    /** The payments that need an operator, failed and flagged ones counted over [from, to) (the operator's page: the last 24 h). */
    public List<Attention> attention(OffsetDateTime from, OffsetDateTime to) {
        return attention(rows(from, to));
    }

    private ReportQueries.Daily rows(OffsetDateTime from, OffsetDateTime to) {
        return store.reports().daily(from, to, store.now().minus(config.stuckAfter()));
    }

    private static List<Attention> attention(ReportQueries.Daily rows) {
        List<Attention> attention = new ArrayList<>();
        attention(attention, rows.stuck(), "never reached the provider, or parked after a call with no answer (RECEIVED; see DLQ)");
        attention(attention, rows.unsettled(), "authorized but not settled within the horizon");
        attention(attention, rows.failed(), null);
        attention(attention, rows.flagged(), "mismatch or unknown status reported (see the payment's history)");
        attention(attention, rows.notFinal(), "EXPIRED at the abandon horizon while the provider still said it was not final: "
                + "ask the provider whether the payer paid after all");
        return attention;
    }

    /** The rows for an operator, each with its reason ({@code null}: "failed" and the payment's reason code). */
    private static void attention(List<Attention> out, List<ReportQueries.Row> rows, String reason) {
        for (ReportQueries.Row r : rows) {
            out.add(new Attention(r.orderId(), r.provider(), r.status(), scaled(r.amount(), r.currency()).toPlainString(), r.currency(),
                    reason != null ? reason : "failed: " + r.reasonCode()));
        }
    }

    /** An amount with its currency's minor digits. */
    static BigDecimal scaled(BigDecimal amount, String currency) {
        int digits = Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return amount.setScale(digits, java.math.RoundingMode.UNNECESSARY);
    }

    public String json(Report report) throws IOException {
        return JSON.writeValueAsString(toMap(report));
    }

    /**
     * One CSV: {@code total} rows (counts and sums), then {@code attention} rows (payments for an operator),
     * then {@code retention} rows (what the retention job removed that day: the status column names what, count how many).
     */
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
        Retention.Removed r = report.retention();
        s.append("retention,,payments,,").append(r.payments()).append(",,,\n");
        s.append("retention,,history_rows,,").append(r.historyRows()).append(",,,\n");
        s.append("retention,,outbox_rows,,").append(r.outboxRows()).append(",,,\n");
        s.append("retention,,webhook_receipts,,").append(r.receipts()).append(",,,\n");
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
        Map<String, Object> retention = new LinkedHashMap<>();
        retention.put("payments", r.retention().payments());
        retention.put("historyRows", r.retention().historyRows());
        retention.put("outboxRows", r.retention().outboxRows());
        retention.put("webhookReceipts", r.retention().receipts());
        m.put("retention", retention);
        return m;
    }

    private static String csvField(String s) {
        return s == null ? "" : s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
