package org.paymentroutes.operations;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ReportQueries;

/**
 * What the operator's page shows, as plain maps ready for JSON: payments by status and provider, the
 * outcomes of the last 24 hours per hour and status, the attention list, and one payment's history.
 * Read-only; never the order as received (it holds the payer's personal data).
 */
public final class OperatorView {

    /** Hours the chart covers, the current hour included. */
    static final int HOURS = 24;

    private final PaymentStore store;
    private final DailyReport report;

    public OperatorView(PaymentStore store, DailyReport report) {
        this.store = store;
        this.report = report;
    }

    /** The page's overview: counts, the hourly chart's buckets (oldest first, every hour present) and the attention rows. */
    public Map<String, Object> overview() {
        OffsetDateTime now = store.now().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime firstHour = now.truncatedTo(ChronoUnit.HOURS).minusHours(HOURS - 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generatedAt", now.toString());
        List<Map<String, Object>> counts = new ArrayList<>();
        for (ReportQueries.Count c : store.reports().countsByProviderAndStatus()) {
            counts.add(Map.of("provider", c.provider(), "status", c.status(), "count", c.count()));
        }
        out.put("counts", counts);
        out.put("hours", hours(firstHour, store.reports().outcomesPerHour(firstHour)));
        List<Map<String, Object>> attention = new ArrayList<>();
        for (DailyReport.Attention a : report.attention(now.minusHours(HOURS), now)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("orderId", a.orderId());
            row.put("provider", a.provider());
            row.put("status", a.status());
            row.put("amount", a.amount());
            row.put("currency", a.currency());
            row.put("reason", a.reason());
            attention.add(row);
        }
        out.put("attention", attention);
        return out;
    }

    /** Every hour from {@code firstHour} to the current one, each with its outcomes per status (hours without any are empty). */
    static List<Map<String, Object>> hours(OffsetDateTime firstHour, List<ReportQueries.HourCount> counts) {
        List<Map<String, Object>> hours = new ArrayList<>();
        Map<OffsetDateTime, Map<String, Long>> byHour = new LinkedHashMap<>();
        for (int i = 0; i < HOURS; i++) {
            byHour.put(firstHour.plusHours(i), new LinkedHashMap<>());
        }
        for (ReportQueries.HourCount c : counts) {
            Map<String, Long> bucket = byHour.get(c.hour().withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS));
            if (bucket != null) {
                bucket.merge(c.status(), c.count(), Long::sum);
            }
        }
        byHour.forEach((hour, statuses) -> hours.add(Map.of("hour", hour.toString(), "outcomes", statuses)));
        return hours;
    }

    /** One payment and its whole history, oldest first; empty if no such order. */
    public Optional<Map<String, Object>> payment(String orderId) {
        Optional<Payment> found = store.payments().find(orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Payment p = found.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("orderId", p.orderId());
        out.put("provider", p.provider());
        out.put("providerPaymentId", p.providerPaymentId());
        out.put("status", p.status().name());
        out.put("providerStatus", p.providerStatus());
        out.put("reasonCode", p.reasonCode());
        out.put("amount", p.amountText());
        out.put("currency", p.currency());
        out.put("createdAt", p.createdAt().toString());
        out.put("updatedAt", p.updatedAt().toString());
        out.put("history", PaymentViews.history(store, orderId));
        return Optional.of(out);
    }
}
