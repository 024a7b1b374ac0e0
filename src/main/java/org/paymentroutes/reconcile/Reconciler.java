package org.paymentroutes.reconcile;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * What routes/reconciliation.camel.yaml calls. A run claims a bounded batch of payments due for a
 * check, the route fetches each one's status from its provider (the same status check as callbacks
 * and webhooks, with {@code source=reconciliation}), and then this decides when to look again:
 * later and later as the payment ages; never again once final; EXPIRED when the payer abandoned it;
 * and an operator's attention when an AUTHORIZED payment has not settled within the horizon.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    static final String JOB = "reconcile";

    private final PaymentStore store;
    private final ReconcileConfig config;

    public Reconciler(PaymentStore store, ReconcileConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Counts of one run, shared by the split's exchanges. */
    public static final class RunStats {
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger changed = new AtomicInteger();
    }

    /** The payments this run checks (claimed, so no other instance checks them meanwhile). */
    public List<Payment> claimDue(Exchange exchange) {
        start(exchange);
        return store.reconciliation().claimDue(config.batchSize(), config.minInterval(), config.lease());
    }

    /** An operator asked for a check now: one order (body {"orderId": ...}) or, with no id, whatever is due. */
    public List<Payment> claimRequested(Exchange exchange) throws Exception {
        start(exchange);
        var request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exchange.getIn().getBody(String.class));
        String orderId = request == null ? null : request.path("orderId").asText(null);
        if (orderId == null) {
            return store.reconciliation().claimDue(config.batchSize(), Duration.ZERO, config.lease());
        }
        List<Payment> one = store.reconciliation().claimNow(orderId, config.lease()).stream().toList();
        if (one.isEmpty()) {
            LOG.info("Reconcile request for order {}: nothing to check (unknown, final, or without a provider payment)", orderId);
        }
        return one;
    }

    private void start(Exchange exchange) {
        Date fired = exchange.getIn().getHeader(ExchangeKeys.HEADER_SCHEDULED_FIRE_TIME, Date.class);
        OffsetDateTime firedAt = fired == null ? store.now() : fired.toInstant().atOffset(ZoneOffset.UTC);
        exchange.setProperty(ExchangeKeys.FIRED_AT, firedAt);
        exchange.setProperty(ExchangeKeys.RUN, new RunStats());
    }

    /** Before one payment's check: the properties the status routes read. */
    public void begin(Exchange exchange) {
        Payment p = exchange.getIn().getBody(Payment.class);
        exchange.setProperty(ExchangeKeys.ORDER_ID, p.orderId());
        exchange.setProperty(ExchangeKeys.SESSION_ID, p.providerPaymentId());
        exchange.setProperty(ExchangeKeys.PROVIDER, p.provider());
        exchange.setProperty(ExchangeKeys.SOURCE, "reconciliation");
        exchange.setProperty(ExchangeKeys.CHANGED, false);
        store.reconciliation().recordCheck(JOB, exchange.getProperty(ExchangeKeys.FIRED_AT, OffsetDateTime.class), p.orderId(), config.instanceId());
    }

    /** After one payment's check (whether the fetch worked or not): expire, stop, or schedule the next look. */
    public void after(Exchange exchange) {
        RunStats run = exchange.getProperty(ExchangeKeys.RUN, RunStats.class);
        run.checked.incrementAndGet();
        boolean changed = exchange.getProperty(ExchangeKeys.CHANGED, false, Boolean.class);
        if (changed) {
            run.changed.incrementAndGet();
        }
        PaymentMetrics.reconcileCheck(changed);
        Payment p = store.payments().find(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class)).orElseThrow();
        if (p.status().isFinal()) {
            return;
        }
        OffsetDateTime now = store.now();
        Duration sinceChange = Duration.between(p.updatedAt(), now);
        if (p.status() == PaymentStatus.ACTION_REQUIRED && sinceChange.compareTo(config.abandonAfter()) > 0) {
            var t = store.payments().transition(p.orderId(), Transition.to(PaymentStatus.EXPIRED).providerStatus(p.providerStatus())
                    .reasonCode("abandoned").source("reconciliation").viaOutbox()
                    .detail("no progress by the payer for " + sinceChange.toMinutes() + " min (payments.reconcile.abandon-after)"));
            if (t.changed()) {
                run.changed.incrementAndGet();
                LOG.info("Order {} EXPIRED: abandoned by the payer", p.orderId());
            }
            return;
        }
        if (p.status() == PaymentStatus.AUTHORIZED && sinceChange.compareTo(config.settlementHorizon()) > 0) {
            LOG.warn("Order {}: AUTHORIZED for {} h without settlement; checks stop, an operator should look", p.orderId(), sinceChange.toHours());
            store.reconciliation().stopChecks(p.orderId(), "reconciliation", "needs an operator: authorized but not settled within the horizon "
                    + "(payments.reconcile.settlement-horizon); checks stopped");
            return;
        }
        store.reconciliation().scheduleCheck(p.orderId(), now.plus(config.nextInterval(Duration.between(p.createdAt(), now))));
    }

    public void finish(Exchange exchange) {
        RunStats run = exchange.getProperty(ExchangeKeys.RUN, RunStats.class);
        store.reconciliation().recordRun(JOB, exchange.getProperty(ExchangeKeys.FIRED_AT, OffsetDateTime.class), config.instanceId(), run.checked.get(), run.changed.get());
        if (run.checked.get() > 0) {
            LOG.info("Reconciliation run: {} payments checked, {} changed", run.checked.get(), run.changed.get());
        }
    }
}
