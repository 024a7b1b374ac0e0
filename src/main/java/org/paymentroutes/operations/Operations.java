package org.paymentroutes.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routes/operations.camel.yaml calls: the operators' commands (README, "Operating it"), sent by the
 * CLI to {@code payments.queue.operator} and answered on the request's JMSReplyTo queue (a JSON object,
 * {@code ok} and either the result or {@code error}).
 * <ul>
 *   <li>{@code list} and {@code status} read the store;</li>
 *   <li>{@code resolve} (failed, expired, or the provider payment an operator found) is one
 *       {@link Transition} with source {@code operator}, published once through the outbox, and who
 *       did it in the history; the order's message, if parked, leaves the parking queue;</li>
 *   <li>{@code retry} and {@code redrive} send orders back to work, each only after its provider was
 *       asked ({@link #begin} says what to ask, the route asks, {@link #decide} acts on the answer):
 *       never while a payment that can still be paid exists there, and with the initiation mark
 *       cleared when the provider holds none, so the order is initiated instead of parked again.</li>
 * </ul>
 */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE = "operator";

    /** What to ask the provider before an order goes back to work. */
    public enum Step {
        /** Fetch the status of the provider payment we hold. */
        CHECK,
        /** Ask the provider whether it holds a payment for the order (the creation call got no answer). */
        LOOKUP,
        /** Nothing to ask: the order never reached the provider, or we hold no payment for it. */
        NONE
    }

    /** One order of a retry or redrive: the parked message (null: none, re-send the stored order). */
    public record Task(String orderId, DeadLetters.Parked parked, String by, boolean retry) {
    }

    private final PaymentStore store;
    private final DeadLetters deadLetters;
    private final PaymentViews views;

    public Operations(PaymentStore store, jakarta.jms.ConnectionFactory cf, String parkedQueue, String ordersQueue, Duration stuckAfter) {
        this.store = store;
        this.deadLetters = new DeadLetters(cf, parkedQueue, ordersQueue);
        this.views = new PaymentViews(store, stuckAfter);
    }

    // ---------------------------------------------------------------- the request

    /**
     * Reads the command; answers list, status and resolve at once (the body is the reply), or leaves the
     * orders to check in the body (a list of {@link Task}) with {@code operatorChecks=true}.
     */
    public Object request(Exchange exchange) throws Exception {
        OperatorRequest r = OperatorRequest.parse(exchange.getIn().getBody(String.class));
        exchange.setProperty(ExchangeKeys.OPERATOR_REQUEST, r);
        exchange.setProperty(ExchangeKeys.OPERATOR_CHECKS, false);
        LOG.info("Operator command {}{}{}", r.action(), r.orderId() == null ? "" : " for order " + r.orderId(),
                r.by() == null ? "" : " by " + r.by());
        return switch (r.action()) {
            case "list" -> reply(Map.of("payments", views.list(r, inParkingQueue())));
            case "status" -> reply(views.status(payment(r.orderId())));
            case "resolve" -> resolve(r);
            default -> {
                List<Task> tasks = tasks(r);
                exchange.setProperty(ExchangeKeys.OPERATOR_CHECKS, !tasks.isEmpty());
                yield tasks.isEmpty() ? reply(Map.of("results", List.of())) : tasks;
            }
        };
    }

    /** Who redrives an order intake found moved back from the DLQ by hand (recorded in its history). */
    static final String BY_HAND = "bundle after a move by hand";

    /**
     * The command intake sends for an order moved back from the DLQ by hand ({@code exchangeProperty.orderId}):
     * a redrive of it, without a reply queue, so the provider is asked before it goes back to work.
     */
    public String redriveRequest(Exchange exchange) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", "redrive");
        m.put("orderId", exchange.getProperty(ExchangeKeys.ORDER_ID, String.class));
        m.put("by", BY_HAND);
        return write(m);
    }

    /** The reply to a command that failed: {@code ok=false} and why (the cause's message: a refused field, a payment not found). */
    public String failure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : e instanceof OperatorRequest.Refused || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("Operator command failed: {}", why);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("error", why);
        return write(m);
    }

    /** One transition with source operator: failed (with the operator's reason code), expired, or the provider payment found. */
    private String resolve(OperatorRequest r) throws Exception {
        Payment p = payment(r.orderId());
        Transition t;
        if (r.sessionId() != null) {
            if (p.status() != PaymentStatus.RECEIVED || p.providerPaymentId() != null) {
                throw new IllegalStateException("order " + r.orderId() + " is " + p.status()
                        + (p.providerPaymentId() == null ? "" : " with provider payment " + p.providerPaymentId())
                        + ": only an order that never got its provider payment can be given one");
            }
            t = Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId(r.sessionId())
                    .detail("by " + r.by() + ": provider payment " + r.sessionId() + " found at the provider and attached");
        } else if (r.expired()) {
            t = Transition.to(PaymentStatus.EXPIRED).reasonCode("operator_expired").detail("by " + r.by() + ": resolved as expired");
        } else {
            t = Transition.to(PaymentStatus.FAILED).reasonCode(r.failedReason()).detail("by " + r.by() + ": resolved as failed ("
                    + r.failedReason() + ")");
        }
        Transition.Result result = store.payments().transition(r.orderId(), t.source(SOURCE).viaOutbox());
        if (!result.changed()) {
            throw new IllegalStateException("not applied: order " + r.orderId() + " is " + p.status()
                    + (p.status().isFinal() ? " (final)" : ""));
        }
        if (r.sessionId() != null) {
            // Reconciliation fetches the attached payment's status at its next run.
            store.operators().checkSoon(r.orderId());
        }
        int discarded = deadLetters.discard(r.orderId());
        LOG.info("Order {} resolved by an operator: {}{}", r.orderId(), result.payment().status(),
                discarded == 0 ? "" : "; its parked message removed from the parking queue");
        return reply(Map.of("orderId", r.orderId(), "status", result.payment().status().name(), "changed", true,
                "removedFromParkingQueue", discarded));
    }

    private List<Task> tasks(OperatorRequest r) throws Exception {
        List<DeadLetters.Parked> parked = deadLetters.browse();
        List<Task> tasks = new ArrayList<>();
        if (r.action().equals("retry")) {
            payment(r.orderId());
            DeadLetters.Parked message = parked.stream().filter(d -> r.orderId().equals(d.orderId())).findFirst().orElse(null);
            tasks.add(new Task(r.orderId(), message, r.by(), true));
            return tasks;
        }
        for (DeadLetters.Parked d : parked) {
            if (r.all() || r.orderId().equals(d.orderId())) {
                tasks.add(new Task(d.orderId(), d, r.by(), false));
            }
        }
        if (tasks.isEmpty() && !r.all()) {
            throw new IllegalArgumentException("order " + r.orderId() + " is not in the parking queue");
        }
        return tasks;
    }

    // ---------------------------------------------------------------- one order of a retry or redrive

    /** Before one order goes back: what to ask its provider ({@code operatorStep}), and the properties the provider's routes read. */
    public void begin(Exchange exchange) {
        Task task = exchange.getIn().getBody(Task.class);
        // Kept aside: the provider's routes replace the body.
        exchange.setProperty(ExchangeKeys.OPERATOR_TASK, task);
        exchange.setProperty(ExchangeKeys.OPERATOR_UNANSWERED, null);
        exchange.setProperty(ExchangeKeys.ORDER_ID, task.orderId());
        Optional<Payment> p = task.orderId() == null ? Optional.empty() : store.payments().find(task.orderId());
        Step step = Step.NONE;
        if (p.isPresent()) {
            exchange.setProperty(ExchangeKeys.PROVIDER, p.get().provider());
            exchange.setProperty(ExchangeKeys.SESSION_ID, p.get().providerPaymentId());
            // A status fetched on an operator's request is a provider's report: recorded as reconciliation's.
            exchange.setProperty(ExchangeKeys.SOURCE, "reconciliation");
            if (p.get().providerPaymentId() != null && !p.get().status().isFinal()) {
                step = Step.CHECK;
            } else if (store.operators().parked(task.orderId())) {
                step = Step.LOOKUP;
            }
        }
        exchange.setProperty(ExchangeKeys.OPERATOR_STEP, step.name());
    }

    /** The provider could not be asked (no lookup for it, an outage): the order stays where it is. */
    public void unanswered(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setProperty(ExchangeKeys.OPERATOR_UNANSWERED, e == null ? "no answer" : e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** After the provider was asked: send the order back, or say why not. Returns one result line. */
    public Map<String, Object> decide(Exchange exchange) throws Exception {
        Task task = exchange.getProperty(ExchangeKeys.OPERATOR_TASK, Task.class);
        Step step = Step.valueOf(exchange.getProperty(ExchangeKeys.OPERATOR_STEP, String.class));
        String unanswered = exchange.getProperty(ExchangeKeys.OPERATOR_UNANSWERED, String.class);
        Optional<Payment> found = task.orderId() == null ? Optional.empty() : store.payments().find(task.orderId());
        if (unanswered != null) {
            return result(task, "refused", "the provider could not be asked (" + unanswered + "); nothing was sent."
                    + (step == Step.LOOKUP ? " Look for a payment with reference " + task.orderId() + " at the provider, then `resolve "
                    + task.orderId() + " --session ID` or `--failed REASON`" : ""));
        }
        if (found.isEmpty()) {
            return sendBack(task, "no payment is stored for it");
        }
        Payment p = found.get();
        if (p.status().isFinal()) {
            return result(task, "refused", "the payment is " + p.status() + " (final): nothing to send");
        }
        if (p.providerPaymentId() != null) {
            return result(task, "refused", "a payment that can still be paid exists at the provider (" + p.status() + ", "
                    + p.providerPaymentId() + "): not sent again");
        }
        if (step == Step.LOOKUP) {
            String session = exchange.getProperty(ExchangeKeys.SESSION_ID, String.class);
            if (session != null) {
                store.payments().transition(p.orderId(), Transition.to(PaymentStatus.ACTION_REQUIRED).providerPaymentId(session)
                        .source(SOURCE).viaOutbox().detail("by " + task.by() + ": the provider holds payment " + session
                                + " for it; attached instead of sending the order again"));
                store.operators().checkSoon(p.orderId());
                deadLetters.discard(p.orderId());
                return result(task, "attached", "the provider holds payment " + session + " for it: attached, not sent again"
                        + " (its message removed from the parking queue)");
            }
            if (!store.operators().clearInitiationMark(p.orderId(), "by " + task.by() + ": the provider holds no payment for it;"
                    + " initiation mark cleared, order sent back to work")) {
                return result(task, "refused", "the payment changed meanwhile: ask again");
            }
            return sendBack(task, "the provider holds no payment for it");
        }
        store.history().note(p.orderId(), SOURCE, "by " + task.by() + ": order sent back to work (" + (task.retry() ? "retry" : "redrive") + ")");
        return sendBack(task, "it never reached the provider");
    }

    private Map<String, Object> sendBack(Task task, String why) throws Exception {
        if (task.parked() != null) {
            if (!deadLetters.moveBack(task.parked(), task.by())) {
                return result(task, "refused", "its message left the parking queue meanwhile");
            }
            return result(task, "moved", why + ": moved back from the parking queue");
        }
        String json = store.payments().orderJson(task.orderId()).orElseThrow();
        if (json.equals("{}")) {
            return result(task, "refused", "the order was removed by retention: nothing to send");
        }
        deadLetters.send(task.orderId(), StoredOrders.asOrderMessage(json), task.by());
        return result(task, "resent", why + ": the stored order was sent again");
    }

    private static Map<String, Object> result(Task task, String result, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", task.orderId());
        m.put("result", result);
        m.put("detail", detail);
        LOG.info("Operator {} of order {}: {} ({})", task.retry() ? "retry" : "redrive", task.orderId(), result, detail);
        return m;
    }

    /** The reply to a retry or redrive: one line per order (the split's grouped bodies). */
    public String summary(Exchange exchange) {
        List<?> results = exchange.getIn().getBody(List.class);
        boolean refused = results.stream().anyMatch(r -> r instanceof Map<?, ?> m && "refused".equals(m.get("result")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", !refused);
        m.put("results", results);
        return write(m);
    }

    // ---------------------------------------------------------------- helpers

    private Payment payment(String orderId) {
        return store.payments().find(orderId).orElseThrow(() -> new IllegalArgumentException("no payment " + orderId + " in the store"));
    }

    private static String reply(Map<String, Object> body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.putAll(body);
        return write(m);
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order ids waiting in the parking queue. */
    private Set<String> inParkingQueue() throws Exception {
        return deadLetters.browse().stream().map(DeadLetters.Parked::orderId).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }
}
