package org.paymentroutes.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Payments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * What the intake route calls: it parses an order, makes its id the idempotency key in the store,
 * and tells the route what to do with it: a {@link Decision} in the exchange property
 * {@link ExchangeKeys#DECISION}. If another consumer holds the claim, it throws
 * {@link PaymentBusyException} and the broker redelivers the message later, by which time the other
 * consumer is done.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Long enough for one provider call with its timeouts; a crashed consumer's lease lapses after it. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

    /** How long a copy of an order waits for another consumer initiating the same payment. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(5);

    private final OrderParser parser;
    private final PaymentStore store;
    private final LostAnswers lostAnswers;

    /** Intake for orders to the {@code providers} this bundle is configured for; a lost answer parks the order. */
    public Intake(PaymentStore store, java.util.Set<String> providers) {
        this(store, providers, LostAnswers.NONE);
    }

    /** As above; a lost answer of a provider in {@code lostAnswers} is looked up before the order is parked. */
    public Intake(PaymentStore store, java.util.Set<String> providers, LostAnswers lostAnswers) {
        this.store = store;
        this.parser = new OrderParser(providers);
        this.lostAnswers = lostAnswers;
    }

    public void accept(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        // Kept as a property: the routes clear the JMS headers before calling out.
        exchange.setProperty(ExchangeKeys.DELIVERY, exchange.getIn().getHeader(ExchangeKeys.HEADER_DELIVERY_COUNT, Integer.class));
        if (Pain001Intake.looksLikeXml(raw)) {
            exchange.setProperty(ExchangeKeys.DECISION, Decision.FILE);
            return;
        }
        OrderParser.Result result = parser.parse(raw);
        exchange.setProperty(ExchangeKeys.ORDER_ID, result.orderId());
        if (!result.valid()) {
            exchange.setProperty(ExchangeKeys.DECISION, Decision.INVALID);
            exchange.setProperty(ExchangeKeys.PROBLEMS, result.problems());
            exchange.setProperty(ExchangeKeys.REASON, "invalid order");
            PaymentMetrics.orderRefused("invalid");
            return;
        }
        PaymentOrder order = result.order();
        exchange.setProperty(ExchangeKeys.ORDER, order);
        exchange.setProperty(ExchangeKeys.PROVIDER, order.provider());
        String canonical = canonicalJson(order);
        String hash = sha256(canonical);
        // A payment this creates is claimed by it in the same transaction.
        Payments.Received r = store.payments().receive(order.orderId(), order.provider(), order.amount(), order.currency(),
                order.communication(), hash, canonical, CLAIM_LEASE);
        Payment p = r.payment();
        boolean sameOrder = p.orderHash().equals(hash);
        boolean unstarted = !r.created() && sameOrder && Decision.unstarted(p.status(), p.providerPaymentId());
        boolean claimed = r.created();
        boolean uncertain = false;
        if (unstarted) {
            claimed = store.payments().claim(order.orderId(), CLAIM_LEASE);
            if (claimed) {
                uncertain = store.payments().initiationUncertain(order.orderId());
            } else {
                // Another consumer is initiating this payment (the ERP sent the order twice at once):
                // wait a moment for it to finish, then answer as a duplicate; if it takes longer, the
                // broker redelivers this copy later.
                awaitInitiation(order.orderId());
            }
        }
        exchange.setProperty(ExchangeKeys.CLAIMED, claimed);
        boolean redelivered = exchange.getIn().getHeader(ExchangeKeys.HEADER_REDELIVERED, false, Boolean.class);
        Decision decision = Decision.of(r.created(), sameOrder, unstarted, claimed, uncertain, redelivered);
        int lookups = decision == Decision.UNCERTAIN ? store.payments().initiationLookups(order.orderId()) : 0;
        if (decision == Decision.UNCERTAIN && lostAnswers.lookUp(order.provider(), lookups)) {
            decision = Decision.LOOKUP;
            // Until the sessions found are cancelled, the lost call's fate is still open (FailedAttempts keeps the mark).
            exchange.setProperty(ExchangeKeys.LOST_ANSWER, true);
        }
        exchange.setProperty(ExchangeKeys.DECISION, decision);
        count(order.provider(), decision);
        if (decision == Decision.CONFLICT) {
            exchange.setProperty(ExchangeKeys.REASON, "duplicate order id with different content");
            exchange.setProperty(ExchangeKeys.PROBLEMS, List.of(new Problem("orderId",
                    "already used by a different order (status " + p.status() + "); the first order is kept, this one is not processed")));
        } else if (decision == Decision.UNCERTAIN) {
            park(exchange, order.orderId(), lookups);
            // Parked before and moved back from the DLQ by hand (it still carries its parkedReason): parked
            // again, and the bundle redrives it itself, asking the provider first (routes/operations.camel.yaml).
            exchange.setProperty(ExchangeKeys.MOVED_BACK_BY_HAND, exchange.getIn().getHeader(ExchangeKeys.HEADER_PARKED_REASON) != null);
        }
    }

    private static void count(String provider, Decision decision) {
        switch (decision) {
            case CONFLICT -> PaymentMetrics.orderRefused("conflict");
            case UNCERTAIN -> PaymentMetrics.orderRefused("parked");
            default -> PaymentMetrics.orderReceived(provider, decision.name());
        }
    }

    /**
     * An earlier attempt sent the order to the provider and never learned the answer (the bundle died
     * or the call timed out): the provider may hold a payment for it. Sending it again could create a
     * second one, so the order is parked for an operator, who checks the provider first.
     */
    void park(Exchange exchange, String orderId) {
        park(exchange, orderId, 0);
    }

    /** As {@link #park(Exchange, String)}, after {@code lookups} lookups at the provider could not tell. */
    private void park(Exchange exchange, String orderId, int lookups) {
        String reason = "needs an operator: initiation uncertain (an earlier call to the provider got no answer"
                + (lookups > 0 ? ", and " + lookups + " lookup" + (lookups == 1 ? "" : "s") + " at the provider could not tell" : "")
                + "; a payment may exist there for state/reference " + orderId + "). Check the provider, then re-send the order or close it.";
        store.history().note(orderId, "intake", reason);
        store.payments().release(orderId);
        exchange.setProperty(ExchangeKeys.REASON, reason);
        LOG.warn("Order {} parked: {}", orderId, reason);
    }

    /**
     * A new order goes to its provider's queue (routes/initiations.camel.yaml): the claim is given back,
     * so that the consumer there, which decides again from the store, can take it.
     */
    public void handOff(Exchange exchange) {
        store.payments().release(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class));
        exchange.setProperty(ExchangeKeys.CLAIMED, false);
    }

    /** Before the provider's creation call, and once it answered: see {@link org.paymentroutes.store.Payments#markInitiating}. */
    public void initiating(Exchange exchange) {
        store.payments().markInitiating(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class));
    }

    public void initiationAnswered(Exchange exchange) {
        store.payments().initiationAnswered(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class));
    }

    /** Waits (bounded) while another consumer holds the claim; throws when it still does. */
    private void awaitInitiation(String orderId) {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Payment now = store.payments().find(orderId).orElseThrow();
            if (!Decision.unstarted(now.status(), now.providerPaymentId())) {
                return;
            }
        }
        throw new PaymentBusyException(orderId);
    }

    /** Body for payments.rejected: the problems and the original message (its start, with its size and SHA-256). */
    @SuppressWarnings("unchecked")
    public String rejection(Exchange exchange) {
        return Messages.rejection(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class), exchange.getProperty(ExchangeKeys.REASON, String.class),
                exchange.getProperty(ExchangeKeys.PROBLEMS, List.class), exchange.getIn().getBody(byte[].class), now());
    }

    /** The REJECTED outcome of an invalid order. */
    @SuppressWarnings("unchecked")
    public String rejectedOutcome(Exchange exchange) {
        PaymentOrder order = exchange.getProperty(ExchangeKeys.ORDER, PaymentOrder.class);
        return Messages.rejectedOutcome(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class), order == null ? null : order.provider(),
                exchange.getProperty(ExchangeKeys.PROBLEMS, List.class), now());
    }

    /** Short, log-safe summary of the problems: field names and reasons only, never the values sent. */
    @SuppressWarnings("unchecked")
    public String problemSummary(Exchange exchange) {
        List<Problem> problems = exchange.getProperty(ExchangeKeys.PROBLEMS, List.class);
        StringBuilder s = new StringBuilder();
        for (Problem p : problems) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(p.field()).append(' ').append(p.reason());
        }
        return s.length() > 500 ? s.substring(0, 500) + "..." : s.toString();
    }

    static String canonicalJson(PaymentOrder order) {
        try {
            return JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
