package org.paymentroutes.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.store.HistoryEntry;
import org.paymentroutes.store.OperatorQueries;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;

/** What the operators' read-only commands answer: {@code list} (filtered payments) and {@code status} (one payment and its history). */
final class PaymentViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final Duration stuckAfter;

    PaymentViews(PaymentStore store, Duration stuckAfter) {
        this.store = store;
        this.stuckAfter = stuckAfter;
    }

    /** The payments the request's filters select; {@code inParking}: the order ids waiting in the parking queue. */
    List<Map<String, Object>> list(OperatorRequest r, Set<String> inParking) {
        OffsetDateTime now = store.now();
        List<OperatorQueries.Listed> rows = new ArrayList<>(store.operators().list(new OperatorQueries.Filter(r.status(), r.provider(),
                r.parked(), r.attention(), r.since(), now.minus(stuckAfter), r.limit())));
        if (r.parked() || r.attention()) {
            // Dead-lettered orders need an operator too, although intake never parked them (no initiation mark).
            Set<String> listed = rows.stream().map(l -> l.payment().orderId()).collect(Collectors.toSet());
            for (String id : inParking) {
                if (!listed.contains(id) && rows.size() < r.limit()) {
                    store.payments().find(id).filter(p -> matches(p, r)).ifPresent(p -> rows.add(new OperatorQueries.Listed(p, false,
                            false, null, null)));
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (OperatorQueries.Listed l : rows) {
            Payment p = l.payment();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orderId", p.orderId());
            m.put("provider", p.provider());
            m.put("status", p.status().name());
            m.put("providerPaymentId", p.providerPaymentId());
            m.put("providerStatus", p.providerStatus());
            m.put("reasonCode", p.reasonCode());
            m.put("amount", p.amountText());
            m.put("currency", p.currency());
            m.put("createdAt", time(p.createdAt()));
            m.put("updatedAt", time(p.updatedAt()));
            m.put("authorizedAt", time(l.authorizedAt()));
            m.put("settledAt", time(l.settledAt()));
            m.put("parked", l.parked());
            m.put("inParkingQueue", inParking.contains(p.orderId()));
            m.put("checksStopped", l.checksStopped());
            out.add(m);
        }
        return out;
    }

    private static boolean matches(Payment p, OperatorRequest r) {
        return (r.status() == null || p.status() == r.status()) && (r.provider() == null || p.provider().equals(r.provider()))
                && (r.since() == null || !p.createdAt().isBefore(r.since()));
    }

    /** One payment (as its outcome event), whether it is parked, and its whole history. */
    Map<String, Object> status(Payment p) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payment", JSON.readTree(Messages.outcome(p, "store")));
        m.put("parked", store.operators().parked(p.orderId()));
        m.put("history", history(store, p.orderId()));
        return m;
    }

    /** An order's whole history, oldest first, as {@code status} and the operator's page show it. */
    static List<Map<String, Object>> history(PaymentStore store, String orderId) {
        List<Map<String, Object>> history = new ArrayList<>();
        for (HistoryEntry h : store.history().of(orderId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("occurredAt", time(h.occurredAt()));
            m.put("status", h.status().name());
            m.put("providerStatus", h.providerStatus());
            m.put("source", h.source());
            m.put("published", h.published());
            m.put("detail", h.detail());
            history.add(m);
        }
        return history;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
