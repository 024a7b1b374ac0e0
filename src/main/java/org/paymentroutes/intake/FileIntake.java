package org.paymentroutes.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.iso20022.StatusReports;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.Payments;
import org.paymentroutes.store.StoreTransaction;

/**
 * An ISO 20022 pain.001 file from payments.orders (routes/iso20022.camel.yaml). The file is read and
 * checked ({@link Pain001Intake}); then, in ONE store transaction, each accepted transaction is
 * recorded as a payment exactly as its JSON order would be (same content hash, idempotent by the
 * derived order id), with the file's identifiers (for its pain.002s), and the file's pain.002 goes to
 * the outbox for the status-reports queue. So a file sent twice creates nothing twice: it gets its
 * report again, and each payment's current status report.
 *
 * <p>A new order is not initiated here: it goes back on payments.orders as its own JSON order, from
 * the outbox in the same transaction. The JSON intake then claims it (it finds it RECEIVED and
 * unstarted: {@link Decision#RESUME}) and initiates it, one message and one JMS transaction per
 * payment, with the claim and the initiation mark guarding each provider call as for any order; a
 * provider outage retries that payment alone, never the whole file. Everifin orders are not sent:
 * they wait for the treasurer's authorization ({@link PayerAuthorizations}), which brings the payer's
 * device.
 */
public final class FileIntake {

    /** The per-order message: the order as the JSON intake reads it (absent fields left out, as an ERP would). */
    private static final ObjectMapper ORDER_JSON = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final Pain001Intake reader;
    private final PaymentStore store;
    private final String ordersQueue;
    private final String reportQueue;
    private final Clock clock;

    public FileIntake(Pain001Intake reader, PaymentStore store, String ordersQueue, String reportQueue, Clock clock) {
        this.reader = reader;
        this.store = store;
        this.ordersQueue = ordersQueue;
        this.reportQueue = reportQueue;
        this.clock = clock;
    }

    /** Reads the file and records it (see the class comment); {@link ExchangeKeys#FILE_SUMMARY} says what happened, for the log. */
    public void accept(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        Pain001Intake.Outcome read = reader.read(raw, LocalDate.now(clock));
        String summary = store.inTransaction(tx -> record(tx, read, raw));
        exchange.setProperty(ExchangeKeys.FILE_SUMMARY, summary);
    }

    private String record(StoreTransaction tx, Pain001Intake.Outcome read, byte[] raw) {
        List<Pain001Intake.Accepted> accepted = new ArrayList<>();
        List<Pain001Intake.Rejected> rejected = new ArrayList<>(read.rejected());
        int created = 0;
        int sent = 0;
        for (Pain001Intake.Accepted a : read.accepted()) {
            PaymentOrder order = a.order();
            String canonical = Intake.canonicalJson(order);
            String hash = Intake.sha256(canonical);
            Payments.Received r = store.payments().receive(tx, order.orderId(), order.provider(), order.amount(), order.currency(),
                    order.communication(), hash, canonical);
            if (!r.payment().orderHash().equals(hash)) {
                // Same MsgId, PmtInfId and EndToEndId as an order already held, different content: keep the first.
                rejected.add(new Pain001Intake.Rejected(a.ref(), "AM05",
                        "MsgId, PmtInfId and EndToEndId already name a different order; the first is kept"));
                continue;
            }
            accepted.add(a);
            store.files().record(tx, order.orderId(), StatusReports.row(a.ref()));
            if (r.created()) {
                created++;
                if (!awaitsAuthorization(order)) {
                    store.outbox().enqueue(tx, order.orderId(), ordersQueue, orderMessage(order), null);
                    sent++;
                }
            } else {
                // The file again: the payment's current status report again, as a duplicate JSON order gets its outcome.
                String current = StatusReports.transaction(r.payment(), StatusReports.row(a.ref()));
                if (current != null) {
                    store.outbox().enqueue(tx, order.orderId(), reportQueue, current, null);
                }
            }
        }
        Pain001Intake.Outcome outcome = new Pain001Intake.Outcome(read.file(), read.refusal(), List.copyOf(accepted), List.copyOf(rejected));
        String key = read.file() == null ? "pain.001" : read.file().msgId();
        store.outbox().enqueue(tx, key, reportQueue, StatusReports.file(outcome, raw, store.now()), null);
        return "pain.001 " + key + ": " + outcome.status() + (read.refusal() != null ? " (" + read.refusal().refusal() + ")" : "")
                + ", " + accepted.size() + " accepted (" + created + " new, " + sent + " sent to their provider, " + (created - sent)
                + " awaiting the treasurer's authorization), " + rejected.size() + " rejected";
    }

    /** Everifin needs the payer's IP and browser, which a file cannot carry: the treasurer's authorization brings them. */
    static boolean awaitsAuthorization(PaymentOrder order) {
        return "everifin".equals(order.provider()) && order.payer().ip() == null;
    }

    static String orderMessage(PaymentOrder order) {
        com.fasterxml.jackson.databind.node.ObjectNode o = ORDER_JSON.valueToTree(order);
        o.put("amount", order.amountText()); // a decimal string, as the order format requires
        try {
            return ORDER_JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
