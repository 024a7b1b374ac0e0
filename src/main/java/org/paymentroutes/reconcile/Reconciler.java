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
    static final String EVERIFIN = "everifin";
    /** What an order id can be (the order parser's rule): anything else names no payment, and is not looked up. */
    private static final String ORDER_ID = "[A-Za-z0-9._:/-]{1,64}";
    /** The reason code of a payment expired at the abandon horizon while its provider had not finished it. */
    public static final String NOT_FINAL = "provider_not_final";

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

    /**
     * An operator asked for a check now: one order (body {"orderId": ..., "requestId": ...}) or, with
     * no id, whatever is due. One order is asked of its provider whatever its status (a final one too:
     * the store still never moves it backwards), and the answer says what was asked ({@link #reply}).
     */
    public List<Payment> claimRequested(Exchange exchange) throws Exception {
        start(exchange);
        var request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exchange.getIn().getBody(String.class));
        String orderId = request == null ? null : request.path("orderId").asText(null);
        if (orderId == null) {
            return store.reconciliation().claimDue(config.batchSize(), Duration.ZERO, config.lease());
        }
        // The queue is the operators', but what comes in is still bounded: a malformed id is not looked up nor echoed.
        boolean wellFormed = orderId.matches(ORDER_ID);
        ReconcileReply reply = new ReconcileReply(wellFormed ? orderId : "(not an order id)",
                ReconcileReply.requestId(request.path("requestId").asText(null)));
        exchange.setProperty(ExchangeKeys.RECONCILE_REPLY, reply);
        Payment payment = wellFormed ? store.payments().find(orderId).orElse(null) : null;
        if (payment == null) {
            reply.notAsked("no payment with this order id");
        } else if (payment.providerPaymentId() == null) {
            reply.notAsked("the provider cannot be asked: the payment has no " + payment.provider() + " payment yet (status " + payment.status() + ")");
        } else {
            return store.reconciliation().claimNow(orderId, config.lease()).stream().toList();
        }
        LOG.info("Reconcile request for order {}: {}", reply.orderId(), reply.why());
        return List.of();
    }

    /** The provider could not answer one payment's check (the route caught the failure; the next run asks again). */
    public void failed(Exchange exchange) {
        ReconcileReply reply = exchange.getProperty(ExchangeKeys.RECONCILE_REPLY, ReconcileReply.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (reply != null && reply.orderId().equals(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class))) {
            reply.failed(exchange.getProperty(ExchangeKeys.ASKED, String.class), e == null ? "no answer" : e.getMessage());
        }
    }

    /** The answer to an operator's {@code reconcile ORDER_ID} (null for a run over every payment due). */
    public String reply(Exchange exchange) {
        ReconcileReply reply = exchange.getProperty(ExchangeKeys.RECONCILE_REPLY, ReconcileReply.class);
        return reply == null ? null : reply.json(store.payments().find(reply.orderId()).orElse(null));
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
        String providerSaid = exchange.getProperty(ExchangeKeys.PROVIDER_STATUS, String.class);
        ReconcileReply reply = exchange.getProperty(ExchangeKeys.RECONCILE_REPLY, ReconcileReply.class);
        if (reply != null && reply.orderId().equals(p.orderId())) {
            reply.answered(exchange.getProperty(ExchangeKeys.ASKED, String.class), providerSaid);
        }
        if (p.status().isFinal()) {
            return;
        }
        OffsetDateTime now = store.now();
        Duration sinceChange = Duration.between(p.updatedAt(), now);
        boolean abandoned = p.status() == PaymentStatus.ACTION_REQUIRED && sinceChange.compareTo(config.abandonAfter()) > 0;
        if (abandoned && EVERIFIN.equals(p.provider())) {
            if (providerSaid != null) {
                expireNotFinal(p, providerSaid, sinceChange, run);
                return;
            }
            // Everifin could not be asked: never expired on a guess; asked again at the next check.
            LOG.warn("Order {}: past payments.reconcile.abandon-after, but Everifin could not be asked; checked again, not expired", p.orderId());
        } else if (abandoned) {
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

    /**
     * An Everifin payment past the abandon horizon. Everifin may still finish it (a payer who confirms
     * a push late), so it ends only on Everifin's own answer of this check: not final, then EXPIRED
     * and listed for an operator (the daily report's attention rows). Without an answer (Everifin could
     * not be asked), it is not expired on a guess: it is checked again.
     */
    private void expireNotFinal(Payment p, String providerSaid, Duration sinceChange, RunStats run) {
        var t = store.payments().transition(p.orderId(), Transition.to(PaymentStatus.EXPIRED).providerStatus(p.providerStatus())
                .reasonCode(NOT_FINAL).source("reconciliation").viaOutbox()
                .detail("Everifin still says " + providerSaid + " (not final) " + sinceChange.toMinutes() + " min after the last change "
                        + "(payments.reconcile.abandon-after): EXPIRED here; an operator must confirm with Everifin that it was not paid"));
        if (t.changed()) {
            run.changed.incrementAndGet();
            LOG.warn("Order {} EXPIRED at the abandon horizon while Everifin still says {} (not final): listed for an operator",
                    p.orderId(), providerSaid);
        }
    }

    public void finish(Exchange exchange) {
        RunStats run = exchange.getProperty(ExchangeKeys.RUN, RunStats.class);
        store.reconciliation().recordRun(JOB, exchange.getProperty(ExchangeKeys.FIRED_AT, OffsetDateTime.class), config.instanceId(), run.checked.get(), run.changed.get());
        if (run.checked.get() > 0) {
            LOG.info("Reconciliation run: {} payments checked, {} changed", run.checked.get(), run.changed.get());
        }
    }
}
