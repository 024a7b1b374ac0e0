package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.provider.ProviderUnavailableException;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStatus;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessState;
import org.paymentroutes.store.ProcessStates;
import org.paymentroutes.store.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paymentroutes.metrics.PaymentMetrics;

/**
 * Everifin single payments: creation, then the process loop ({@code PATCH /v1/payments/single/{id}}),
 * one step per process message, reacting to each answer (docs/architecture.md#everifin-process-loop, docs/everifin.md):
 * <ul>
 *   <li>{@code NEXT}: final status, done; otherwise call again: at once, then (after
 *       payments.everifin.max-immediate-next in a row) after a second;</li>
 *   <li>{@code REDIRECT}: a REDIRECT action; the loop waits for the payer's return (callback);</li>
 *   <li>{@code INPUT}: an INPUT action with the descriptors; the loop waits for payments.inputs;</li>
 *   <li>{@code PUSH}: a WAIT_PUSH action, then checks with a growing delay until the push horizon.</li>
 * </ul>
 * Each answer is recorded in one database transaction: the status change (outcome to the outbox),
 * the action, the next process message (delayed by the broker when it should wait), and the loop's
 * new place. So every wait is state in the store plus a message, and a crash at any point resumes.
 */
public final class EverifinPayments {

    private static final Logger LOG = LoggerFactory.getLogger(EverifinPayments.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final ProcessStates states;
    private final EverifinConfig config;
    private final EverifinSteps steps;
    private final String processQueue;
    private final String actionsQueue;

    public EverifinPayments(PaymentStore store, ProcessStates states, EverifinConfig config, String processQueue, String actionsQueue) {
        this.store = store;
        this.states = states;
        this.config = config;
        this.steps = new EverifinSteps(config.pushHorizon(), config.maxImmediateNext());
        this.processQueue = processQueue;
        this.actionsQueue = actionsQueue;
    }

    // ---- creation -------------------------------------------------------------------------------

    /** {@code POST /v1/payments/single} for the order in the exchange (amount exact, as a JSON number). */
    public void prepareCreate(Exchange exchange) throws Exception {
        PaymentOrder order = exchange.getProperty(ExchangeKeys.ORDER, PaymentOrder.class);
        ObjectNode body = JSON.createObjectNode();
        body.put("amount", order.amount());
        body.put("currency", order.currency());
        body.put("recipientIban", order.beneficiary().iban());
        if (order.beneficiary().name() != null) {
            body.put("recipientName", order.beneficiary().name());
        }
        if (order.payer().iban() != null) {
            body.put("senderIban", order.payer().iban());
        }
        body.put("reference", order.communication());
        // The return URL carries a secret only the payer's browser learns: a return without it changes nothing.
        // Only its hash stays (in the exchange, then the store): a retried creation makes a new one.
        String token = ReturnTokens.newToken();
        exchange.setProperty(ExchangeKeys.RETURN_TOKEN_SHA256, ReturnTokens.hash(token));
        body.put("redirectUrl", config.callbackBaseUrl() + "/callbacks/everifin/" + EverifinCallbacks.pathSegment(order.orderId()) + "/" + token);
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_PATH, "/v1/payments/single");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
        in.setBody(JSON.writeValueAsBytes(body));
    }

    /** 2xx: the payment id is stored, the loop starts (its first process message goes out with the change). */
    public void created(Exchange exchange) throws Exception {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        PaymentOrder order = exchange.getProperty(ExchangeKeys.ORDER, PaymentOrder.class);
        JsonNode answer = JSON.readTree(exchange.getIn().getBody(byte[].class));
        String id = answer.path("id").asText(null);
        if (id == null) {
            throw new ProviderUnavailableException("Everifin create for order " + orderId + ": the answer holds no id");
        }
        String status = answer.path("status").asText("CREATED");
        store.inTransaction(c -> {
            store.payments().transition(c, orderId, Transition.to(PaymentStatus.PENDING).providerStatus(status).providerPaymentId(id)
                    .source("initiation").detail("Everifin payment " + id + " created").viaOutbox());
            states.start(c, orderId, order.payer().ip(), order.payer().userAgent(),
                    exchange.getProperty(ExchangeKeys.RETURN_TOKEN_SHA256, String.class));
            store.outbox().enqueue(c, orderId, processQueue, processMessage(orderId, 0, null, false), null);
            return null;
        });
        LOG.info("Order {}: Everifin payment {} created", orderId, id);
    }

    /** 4xx on creation: the provider refused the order (FAILED, outcome via the outbox). */
    public void refused(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String detail = errorDetail(exchange.getIn().getBody(byte[].class));
        store.payments().transition(orderId, Transition.to(PaymentStatus.FAILED).reasonCode("http_" + status).source("initiation")
                .detail("Everifin refused the payment: HTTP " + status + (detail == null ? "" : ": " + detail)).viaOutbox());
        LOG.warn("Order {} FAILED: Everifin refused the payment (HTTP {})", orderId, status);
    }

    public void unavailable(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        throw new ProviderUnavailableException("Everifin answered HTTP " + status + " for order " + exchange.getProperty(ExchangeKeys.ORDER_ID)
                + (status == 401 || status == 403 ? " (check payments.everifin.client-id / client-secret / refresh-token)" : ""));
    }

    // ---- the process loop -----------------------------------------------------------------------

    static String processMessage(String orderId, int seq, JsonNode body, boolean encrypted) {
        return processMessage(orderId, seq, body, encrypted, false);
    }

    /** {@code payerReturn}: the call carries what the payer came back from the bank with (see {@link #askCurrentStep}). */
    static String processMessage(String orderId, int seq, JsonNode body, boolean encrypted, boolean payerReturn) {
        ObjectNode m = JSON.createObjectNode();
        m.put("orderId", orderId);
        m.put("seq", seq);
        m.set("body", body == null ? JSON.createObjectNode() : body);
        m.put("encrypted", encrypted);
        if (payerReturn) {
            m.put("payerReturn", true);
        }
        return m.toString();
    }

    /**
     * A process message: which step it continues. Sets {@code stale} when the loop has moved past it
     * (a duplicate), else the PATCH request. When the same step was already in flight (a crash or a
     * failed attempt), it sends an empty PATCH, which answers the current step, instead of sending
     * the same values (an OTP) twice.
     */
    public void prepareProcess(Exchange exchange) throws Exception {
        JsonNode m = JSON.readTree(exchange.getIn().getBody(byte[].class));
        String orderId = m.path("orderId").asText();
        int seq = m.path("seq").asInt();
        exchange.setProperty(ExchangeKeys.ORDER_ID, orderId);
        exchange.setProperty(ExchangeKeys.SEQ, seq);
        exchange.setProperty(ExchangeKeys.SOURCE, "process");
        Payment payment = store.payments().find(orderId).orElse(null);
        ProcessState state = states.find(orderId).orElse(null);
        if (payment == null || state == null || payment.status().isFinal()) {
            exchange.setProperty(ExchangeKeys.STALE, true);
            return;
        }
        ProcessStates.Begin begin = states.begin(orderId, seq);
        exchange.setProperty(ExchangeKeys.STALE, begin == ProcessStates.Begin.STALE);
        if (begin == ProcessStates.Begin.STALE) {
            LOG.debug("Order {}: process message {} is stale (the loop is at {})", orderId, seq, state.seq());
            return;
        }
        boolean resend = begin == ProcessStates.Begin.FRESH;
        if (!resend) {
            LOG.info("Order {}: step {} was already sent once; asking Everifin for the current step instead of resending", orderId, seq);
        }
        exchange.setProperty(ExchangeKeys.PAYER_RETURN, resend && m.path("payerReturn").asBoolean(false));
        exchange.setProperty(ExchangeKeys.RECOVERY, !resend);
        processRequest(exchange.getIn(), payment, state, resend ? m.path("body") : JSON.createObjectNode(),
                resend && m.path("encrypted").asBoolean(false));
    }

    /**
     * A 4xx to a call made for the payer's return: the query may be stale (a reloaded page, a second
     * tab) or not the bank's at all, which says nothing about the payment. So, instead of failing it,
     * ask Everifin for the current step (an empty PATCH, as after a crash) and go on from its answer.
     */
    public void askCurrentStep(Exchange exchange) throws Exception {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        LOG.warn("Order {}: Everifin refused the process call made for the payer's return (HTTP {}): asking for the current step "
                + "instead of failing the payment", orderId, status);
        exchange.setProperty(ExchangeKeys.PAYER_RETURN, false);
        exchange.setProperty(ExchangeKeys.RECOVERY, true);
        Payment payment = store.payments().find(orderId).orElseThrow();
        ProcessState state = states.find(orderId).orElseThrow();
        processRequest(exchange.getIn(), payment, state, JSON.createObjectNode(), false);
    }

    private static void processRequest(Message in, Payment payment, ProcessState state, JsonNode body, boolean encrypted) throws Exception {
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_METHOD, "PATCH");
        in.setHeader(Exchange.HTTP_PATH, "/v1/payments/single/" + payment.providerPaymentId());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
        in.setHeader("x-ef-sender-ip", state.senderIp());
        in.setHeader("x-ef-sender-user-agent", state.senderUserAgent());
        if (encrypted) {
            in.setHeader("x-user-data-encryption-method", org.paymentroutes.signing.InputEncryptor.METHOD);
        }
        in.setBody(JSON.writeValueAsBytes(body));
    }

    /** A process answer: status, action, next message and the loop's new place, in one transaction. */
    public void react(Exchange exchange) throws Exception {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int seq = exchange.getProperty(ExchangeKeys.SEQ, Integer.class);
        JsonNode answer = JSON.readTree(exchange.getIn().getBody(byte[].class));
        String status = answer.path("status").asText("");
        String type = answer.path("type").asText("NEXT");
        String reasonCode = answer.path("reasonCode").asText(null);
        ProcessState state = states.find(orderId).orElseThrow();
        Payment payment = store.payments().find(orderId).orElseThrow();
        OffsetDateTime now = store.now();
        EverifinSteps.Step step = steps.next(status, type, reasonCode, state, now, answer);
        PaymentMetrics.everifinStep(type);
        store.inTransaction(c -> {
            ProcessState from = inFlight(state, seq);
            // The loop's steps alternate between needing the payer and processing: the status may move sideways.
            var t = store.payments().transition(c, orderId, Transition.to(step.status()).allowAlternation()
                    .providerStatus(status + (step.status() == PaymentStatus.ACTION_REQUIRED ? "/" + type : ""))
                    .actionUrl(step.status() == PaymentStatus.ACTION_REQUIRED ? step.redirectUrl() : null).reasonCode(step.reasonCode())
                    .source("process").viaOutbox()
                    .detail("process answer " + seq + ": " + status + "/" + type + (step.reasonCode() == null ? "" : " " + step.reasonCode())));
            if (step.actionType() != null) {
                store.outbox().enqueue(c, orderId, actionsQueue, Messages.action(t.payment(), step.actionType(), step.actionDetails(), now), null);
            }
            if (step.continueAt() != null) {
                store.outbox().enqueue(c, orderId, processQueue, processMessage(orderId, seq + 1, null, false),
                        step.continueAt().isAfter(now) ? step.continueAt() : null);
            }
            if (EverifinSteps.PUSH_HORIZON.equals(step.next().stepType())) {
                // The push horizon passed and Everifin has not finished: ask its status now, then with reconciliation's back-off.
                store.reconciliation().checkNow(c, orderId, "push horizon (payments.everifin.push-horizon) passed while Everifin says "
                        + status + " (not final): the loop stops polling; reconciliation asks Everifin's status until a final answer "
                        + "or payments.reconcile.abandon-after");
            }
            states.advance(c, from, step.next());
            return null;
        });
        exchange.setProperty(ExchangeKeys.CHANGED, true);
    }

    /**
     * A 4xx to an empty process call made to learn the current step (after a crash, or for a refused
     * return). Everifin's documentation does not say what an empty call answers at an INPUT step; a
     * refusal of it says nothing about the payment, so it never fails it: the route asks the payment's
     * status instead ({@code GET}, {@link #prepareStatus}), and {@link #afterRecoveryStatus} goes on
     * from the answer (docs/everifin.md#the-loop-and-why-it-is-safe-to-stop-anywhere).
     */
    public void recoveryRefused(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Payment payment = store.payments().find(orderId).orElseThrow();
        LOG.warn("Order {}: Everifin refused the empty process call asking for the current step (HTTP {}); asking the payment's "
                + "status instead of failing it", orderId, status);
        store.history().note(orderId, "process", "Everifin refused the empty process call asking for the current step: HTTP " + status
                + (errorDetail(exchange.getIn().getBody(byte[].class)) == null ? "" : " " + errorDetail(exchange.getIn().getBody(byte[].class)))
                + "; asking the payment's status instead (not failed for that)");
        exchange.setProperty(ExchangeKeys.SESSION_ID, payment.providerPaymentId());
    }

    /**
     * After the status asked for a refused recovery call: a final status was applied ({@link #applyStatus});
     * otherwise the step waiting for the payer is opened again under a new sequence number (an INPUT the
     * front end may answer again: the first answer's fate is unknown), and reconciliation asks the status
     * from now on until a final answer or payments.reconcile.abandon-after.
     */
    public void afterRecoveryStatus(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int seq = exchange.getProperty(ExchangeKeys.SEQ, Integer.class);
        Payment payment = store.payments().find(orderId).orElseThrow();
        ProcessState state = states.find(orderId).orElseThrow();
        if (payment.status().isFinal() || state.seq() != seq) {
            return;
        }
        store.inTransaction(c -> {
            ProcessState from = inFlight(state, seq);
            states.advance(c, from, state.advanced(state.stepType(), state.actionJson(), state.inputNames(), state.encryptNames(),
                    state.encryptionKey(), 0, state.pushPolls(), state.waitingSince()));
            store.reconciliation().checkNow(c, orderId, "Everifin says " + exchange.getProperty(ExchangeKeys.PROVIDER_STATUS, String.class)
                    + " (not final) after refusing the empty process call: step " + state.stepType() + " open again; reconciliation "
                    + "asks the status until a final answer or payments.reconcile.abandon-after");
            return null;
        });
    }

    /** The loop's place while the call for {@code seq} is in flight: what {@link ProcessStates#advance} moves on from. */
    private static ProcessState inFlight(ProcessState state, int seq) {
        return new ProcessState(state.orderId(), seq, seq, state.stepType(), state.actionJson(), state.inputNames(),
                state.encryptNames(), state.encryptionKey(), state.nextInARow(), state.pushPolls(), state.waitingSince(),
                state.senderIp(), state.senderUserAgent());
    }

    /** A 4xx to a process call: the payment cannot go on (e.g. the provider refused our headers). */
    public void processRefused(Exchange exchange) {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String detail = errorDetail(exchange.getIn().getBody(byte[].class));
        LOG.warn("Order {}: Everifin refused a process call (HTTP {}); payment FAILED", orderId, status);
        store.payments().transition(orderId, Transition.to(PaymentStatus.FAILED).reasonCode("http_" + status).source("process")
                .detail("Everifin refused the process call: HTTP " + status + (detail == null ? "" : ": " + detail)).viaOutbox());
    }

    // ---- status (reconciliation) ----------------------------------------------------------------

    public void prepareStatus(Exchange exchange) {
        Message in = exchange.getIn();
        String path = "/v1/payments/single/" + exchange.getProperty(ExchangeKeys.SESSION_ID, String.class);
        exchange.setProperty(ExchangeKeys.ASKED, "GET " + path);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_PATH, path);
        in.setHeader("Accept", "application/json");
        in.setBody(null);
    }

    /**
     * A fetched status: only outcomes count here (CONFIRMED, BOOKED, FAILED); the steps in between
     * belong to the process loop, which reconciliation must not disturb. What Everifin said is kept
     * in {@code providerStatus} either way: a payment it has not finished is never expired on a guess
     * ({@code Reconciler#after}).
     */
    public void applyStatus(Exchange exchange) throws Exception {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        JsonNode answer = JSON.readTree(exchange.getIn().getBody(byte[].class));
        String status = answer.path("status").asText("");
        exchange.setProperty(ExchangeKeys.PROVIDER_STATUS, status);
        PaymentStatus mapped = switch (status) {
            case "CONFIRMED" -> PaymentStatus.AUTHORIZED;
            case "BOOKED" -> PaymentStatus.SETTLED;
            case "FAILED" -> PaymentStatus.FAILED;
            default -> null;
        };
        exchange.setProperty(ExchangeKeys.CHANGED, false);
        if (mapped == null) {
            return;
        }
        var t = store.payments().transition(orderId, Transition.to(mapped).providerStatus(status)
                .reasonCode(mapped == PaymentStatus.FAILED ? answer.path("reasonCode").asText("OTHER") : null)
                .source(exchange.getProperty(ExchangeKeys.SOURCE, String.class)).detail("status " + status).viaOutbox());
        exchange.setProperty(ExchangeKeys.CHANGED, t.changed());
        PaymentStatus ours = t.payment().status();
        if (!t.changed() && ours.isFinal() && paid(ours) != paid(mapped)) {
            // A final status never moves, but the ERP may believe the wrong thing (an earlier release expired live payments).
            LOG.warn("Order {} is {} but Everifin says {}: listed for an operator", orderId, ours, status);
            store.history().note(orderId, exchange.getProperty(ExchangeKeys.SOURCE, String.class),
                    "needs an operator: the payment is " + ours + " here but Everifin says " + status);
        }
    }

    private static boolean paid(PaymentStatus s) {
        return s == PaymentStatus.AUTHORIZED || s == PaymentStatus.SETTLED;
    }

    public void statusFailed(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        throw new ProviderUnavailableException("Everifin status of order " + exchange.getProperty(ExchangeKeys.ORDER_ID) + " could not be fetched: HTTP " + status);
    }

    private static String errorDetail(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode e = n.has("error") ? n.get("error") : n;
            String text = e.isObject() ? e.path("code").asText("") + " " + e.path("message").asText("") : e.asText();
            return text.isBlank() ? null : text.strip();
        } catch (Exception ex) {
            return null;
        }
    }
}
