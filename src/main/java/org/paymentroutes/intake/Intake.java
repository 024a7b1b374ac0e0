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
import org.paymentroutes.fintecture.FintectureConnect;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.provider.TokenUnavailableException;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Payments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the intake route calls: it parses an order, makes its id the idempotency key in the store,
 * and tells the route what to do with it in the exchange property {@code decision}:
 * <ul>
 *   <li>{@code INVALID}: the order is refused (property {@code problems}); nothing is stored;</li>
 *   <li>{@code NEW}: first time seen, now RECEIVED and claimed: initiate it at its provider;</li>
 *   <li>{@code RESUME}: seen before but never got as far as a provider payment (a crash or a provider
 *       outage rolled it back): claimed again, initiate it;</li>
 *   <li>{@code DUPLICATE}: the payment exists and has moved on: re-publish its current outcome;</li>
 *   <li>{@code REDELIVERED}: the broker redelivers the message that created it: nothing to do;</li>
 *   <li>{@code UNCERTAIN}: an earlier attempt got no answer from the provider: parked for an operator;</li>
 *   <li>{@code CONFLICT}: the id is already used by a different order: refuse the new one, keep the old.</li>
 * </ul>
 * If another consumer holds the claim, it throws {@link PaymentBusyException} and the broker
 * redelivers the message later, by which time the other consumer is done.
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

    /** Intake for orders to the {@code providers} this bundle is configured for. */
    public Intake(PaymentStore store, java.util.Set<String> providers) {
        this.store = store;
        this.parser = new OrderParser(providers);
    }

    public void accept(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        // Kept as a property: the routes clear the JMS headers before calling out.
        exchange.setProperty("delivery", exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class));
        OrderParser.Result result = parser.parse(raw);
        exchange.setProperty("orderId", result.orderId());
        if (!result.valid()) {
            exchange.setProperty("decision", "INVALID");
            exchange.setProperty("problems", result.problems());
            exchange.setProperty("reason", "invalid order");
            return;
        }
        PaymentOrder order = result.order();
        exchange.setProperty(FintectureConnect.ORDER, order);
        exchange.setProperty("provider", order.provider());
        String canonical = canonicalJson(order);
        String hash = sha256(canonical);
        // A payment this creates is claimed by it in the same transaction.
        Payments.Received r = store.payments().receive(order.orderId(), order.provider(), order.amount(), order.currency(),
                order.communication(), hash, canonical, CLAIM_LEASE);
        Payment p = r.payment();
        if (r.created()) {
            exchange.setProperty("claimed", true);
            exchange.setProperty("decision", "NEW");
            return;
        }
        if (!p.orderHash().equals(hash)) {
            exchange.setProperty("decision", "CONFLICT");
            exchange.setProperty("reason", "duplicate order id with different content");
            exchange.setProperty("problems", List.of(new Problem("orderId",
                    "already used by a different order (status " + p.status() + "); the first order is kept, this one is not processed")));
            return;
        }
        if (p.status() == PaymentStatus.RECEIVED && p.providerPaymentId() == null) {
            if (store.payments().claim(order.orderId(), CLAIM_LEASE)) {
                exchange.setProperty("claimed", true);
                if (store.payments().initiationUncertain(order.orderId())) {
                    park(exchange, order.orderId());
                    return;
                }
                exchange.setProperty("decision", "RESUME");
                return;
            }
            // Another consumer is initiating this payment (the ERP sent the order twice at once):
            // wait a moment for it to finish, then answer as a duplicate; if it takes longer, the
            // broker redelivers this copy later.
            p = awaitInitiation(order.orderId());
        }
        // The broker redelivering the very message that created it (a crash or rollback after the
        // payment moved on) is not an ERP re-sending the order: its outcomes are already published
        // once (outbox), so nothing is re-published.
        boolean redelivered = exchange.getIn().getHeader("JMSRedelivered", false, Boolean.class);
        exchange.setProperty("decision", redelivered ? "REDELIVERED" : "DUPLICATE");
    }

    /**
     * An earlier attempt sent the order to the provider and never learned the answer (the bundle died
     * or the call timed out): the provider may hold a payment for it. Sending it again could create a
     * second one, so the order is parked for an operator, who checks the provider first.
     */
    private void park(Exchange exchange, String orderId) {
        String reason = "needs an operator: initiation uncertain (an earlier call to the provider got no answer; a payment may "
                + "exist there for state/reference " + orderId + "). Check the provider, then re-send the order or close it.";
        store.history().note(orderId, "intake", reason);
        store.payments().release(orderId);
        exchange.setProperty("decision", "UNCERTAIN");
        exchange.setProperty("reason", reason);
        LOG.warn("Order {} parked: {}", orderId, reason);
    }

    /** Before the provider's creation call, and once it answered: see {@link org.paymentroutes.store.Payments#markInitiating}. */
    public void initiating(Exchange exchange) {
        store.payments().markInitiating(exchange.getProperty("orderId", String.class));
    }

    public void initiationAnswered(Exchange exchange) {
        store.payments().initiationAnswered(exchange.getProperty("orderId", String.class));
    }

    /** Waits (bounded) while another consumer holds the claim; throws when it still does. */
    private Payment awaitInitiation(String orderId) {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Payment now = store.payments().find(orderId).orElseThrow();
            if (now.status() != PaymentStatus.RECEIVED || now.providerPaymentId() != null) {
                return now;
            }
        }
        throw new PaymentBusyException(orderId);
    }

    /** Body for payments.rejected: the problems and the original message, decoded leniently so nothing is lost. */
    @SuppressWarnings("unchecked")
    public String rejection(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        String original = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
        return Messages.rejection(exchange.getProperty("orderId", String.class), exchange.getProperty("reason", String.class),
                exchange.getProperty("problems", List.class), original, now());
    }

    /** The REJECTED outcome of an invalid order. */
    @SuppressWarnings("unchecked")
    public String rejectedOutcome(Exchange exchange) {
        PaymentOrder order = exchange.getProperty(FintectureConnect.ORDER, PaymentOrder.class);
        return Messages.rejectedOutcome(exchange.getProperty("orderId", String.class), order == null ? null : order.provider(),
                exchange.getProperty("problems", List.class), now());
    }

    /** Short, log-safe summary of the problems: field names and reasons only, never the values sent. */
    @SuppressWarnings("unchecked")
    public String problemSummary(Exchange exchange) {
        List<Problem> problems = exchange.getProperty("problems", List.class);
        StringBuilder s = new StringBuilder();
        for (Problem p : problems) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(p.field()).append(' ').append(p.reason());
        }
        return s.length() > 500 ? s.substring(0, 500) + "..." : s.toString();
    }

    /**
     * Called by the error handler of every route on a payment's path when processing failed: logs one
     * line, records the attempt in the payment's history and frees a claim this exchange held, so the
     * next delivery (the broker's redelivery, or the next reconciliation) need not wait for it to lapse.
     */
    public void attemptFailed(Exchange exchange) {
        String orderId = exchange.getProperty("orderId", String.class);
        String source = exchange.getProperty("source", "intake", String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Integer delivery = exchange.getProperty("delivery", Integer.class);
        LOG.warn("Order {}: {} failed{}: {}", orderId, source,
                delivery == null ? "" : " (delivery " + delivery + "; the broker will redeliver it)", why);
        if (orderId == null) {
            return;
        }
        try {
            if (store.payments().find(orderId).isPresent()) {
                store.history().note(orderId, source, (delivery == null ? "" : "attempt " + delivery + " ") + "failed: " + why);
            }
            if (exchange.getProperty("claimed", false, Boolean.class)) {
                if (isCause(cause, TokenUnavailableException.class)) {
                    // No token, no call: whatever this attempt sent was answered (a 401 before the
                    // renewal), so the order is not uncertain although the mark was set before the
                    // token was fetched.
                    store.payments().releaseUnsent(orderId);
                } else {
                    store.payments().release(orderId);
                }
            }
        } catch (RuntimeException e) {
            // The store itself may be what failed; the lease then simply lapses.
            LOG.warn("Order {}: could not record the failed attempt ({})", orderId, e.getMessage());
        }
    }

    private static boolean isCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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
