package org.paymentroutes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ReportQueries;

/**
 * The per-payment export a finance team matches with the bank statement (README, "Reports a finance team
 * can match"): one row per payment settled in the period, keyed by its settlement date (UTC), with the
 * provider's payment id, amount, status and the dates it was authorized and settled. Totals per
 * settlement day, provider and currency, and the payments that need an operator, go to files of their
 * own, so each file is one table.
 */
public final class PaymentExport {

    static final String PAYMENT_COLUMNS = "settlement_date,order_id,provider,provider_payment_id,status,amount,currency,communication,"
            + "authorized_at,settled_at,created_at";
    static final String TOTAL_COLUMNS = "settlement_date,provider,currency,count,amount";
    static final String ATTENTION_COLUMNS = "order_id,provider,status,amount,currency,reason";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final DailyReport daily;

    public PaymentExport(PaymentStore store, DailyReport daily) {
        this.store = store;
        this.daily = daily;
    }

    /** The three tables of the days {@code from} to {@code to}, both included. */
    public record Export(LocalDate from, LocalDate to, List<Map<String, Object>> payments, List<Map<String, Object>> totals,
                         List<Map<String, Object>> attention) {
    }

    public Export build(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        OffsetDateTime start = from.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        List<Map<String, Object>> payments = new ArrayList<>();
        Map<String, Map<String, Object>> totals = new LinkedHashMap<>();
        for (ReportQueries.Exported e : store.reports().settled(start, end)) {
            String day = e.settledAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
            BigDecimal amount = DailyReport.scaled(e.amount(), e.currency());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("settlement_date", day);
            row.put("order_id", e.orderId());
            row.put("provider", e.provider());
            row.put("provider_payment_id", e.providerPaymentId());
            row.put("status", e.status());
            row.put("amount", amount.toPlainString());
            row.put("currency", e.currency());
            row.put("communication", e.communication());
            row.put("authorized_at", time(e.authorizedAt()));
            row.put("settled_at", time(e.settledAt()));
            row.put("created_at", time(e.createdAt()));
            payments.add(row);
            Map<String, Object> total = totals.computeIfAbsent(day + "|" + e.provider() + "|" + e.currency(), k -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("settlement_date", day);
                t.put("provider", e.provider());
                t.put("currency", e.currency());
                t.put("count", 0L);
                t.put("amount", BigDecimal.ZERO.setScale(amount.scale()));
                return t;
            });
            total.put("count", (Long) total.get("count") + 1);
            total.put("amount", ((BigDecimal) total.get("amount")).add(amount));
        }
        totals.values().forEach(t -> t.put("amount", ((BigDecimal) t.get("amount")).toPlainString()));
        Set<DailyReport.Attention> attention = new LinkedHashSet<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            attention.addAll(daily.build(d).attention());
        }
        List<Map<String, Object>> attentionRows = new ArrayList<>();
        for (DailyReport.Attention a : attention) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("order_id", a.orderId());
            row.put("provider", a.provider());
            row.put("status", a.status());
            row.put("amount", a.amount());
            row.put("currency", a.currency());
            row.put("reason", a.reason());
            attentionRows.add(row);
        }
        return new Export(from, to, payments, new ArrayList<>(totals.values()), attentionRows);
    }

    /** Writes payments-, totals- and attention-{from}_{to}.{csv|json} under {@code dir}; returns the three files. */
    public List<Path> write(Export export, Path dir, String format) throws IOException {
        if (!format.equals("csv") && !format.equals("json")) {
            throw new IllegalArgumentException("--format must be csv or json for --payments, was " + format);
        }
        Files.createDirectories(dir);
        String period = export.from() + "_" + export.to() + "." + format;
        List<Path> files = new ArrayList<>();
        files.add(writeOne(dir.resolve("payments-" + period), export.payments(), PAYMENT_COLUMNS, format));
        files.add(writeOne(dir.resolve("totals-" + period), export.totals(), TOTAL_COLUMNS, format));
        files.add(writeOne(dir.resolve("attention-" + period), export.attention(), ATTENTION_COLUMNS, format));
        return files;
    }

    private static Path writeOne(Path file, List<Map<String, Object>> rows, String columns, String format) throws IOException {
        String text = format.equals("json") ? JSON.writeValueAsString(rows) + "\n" : csv(rows, columns);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String csv(List<Map<String, Object>> rows, String columns) {
        StringBuilder s = new StringBuilder(columns).append('\n');
        for (Map<String, Object> row : rows) {
            boolean first = true;
            for (String c : columns.split(",")) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                Object v = row.get(c);
                s.append(csvField(v == null ? "" : v.toString()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Quoted when it holds a separator, a quote or a line break; a leading = + - @ is neutralized (spreadsheet formulas). */
    static String csvField(String v) {
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?") ? "'" + v : v;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
