package org.paymentroutes.outcome;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.paymentroutes.store.OutboxMessage;
import org.paymentroutes.store.PaymentStore;

/** What routes/outbox.camel.yaml calls: the unsent messages, one message's JMS form, and marking it sent. */
public final class Outbox {

    /** At most this many per flush, so a backlog is published in steps instead of one huge split. */
    static final int BATCH = 200;

    private final PaymentStore store;

    public Outbox(PaymentStore store) {
        this.store = store;
    }

    /** Rows younger than this are left to the flush that follows their change; the timer takes only older ones. */
    static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofSeconds(5);

    /** The next unsent rows; with the {@code leftoversOnly} property, only those older than {@link #LEFTOVER_AGE}. */
    public List<OutboxMessage> unsent(Exchange exchange) {
        boolean leftoversOnly = exchange.getProperty("leftoversOnly", false, Boolean.class);
        return store.unsent(BATCH, leftoversOnly ? LEFTOVER_AGE : java.time.Duration.ZERO);
    }

    /** Turns one outbox row into the JMS message: body, correlation id, Artemis duplicate id, target queue. */
    public void prepare(Exchange exchange) {
        OutboxMessage m = exchange.getIn().getBody(OutboxMessage.class);
        exchange.setProperty("outboxId", m.id());
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader("JMSCorrelationID", m.orderId());
        in.setHeader("_AMQ_DUPL_ID", m.duplicateId());
        in.setHeader("contentType", "application/json");
        in.setHeader("queue", m.queue());
        if (m.deliverAt() != null) {
            // Artemis holds the message until then (a delayed process call), surviving a restart.
            in.setHeader("_AMQ_SCHED_DELIVERY", m.deliverAt().toInstant().toEpochMilli());
        }
        in.setBody(m.body());
    }

    public void markSent(Exchange exchange) {
        store.markSent(exchange.getProperty("outboxId", Long.class));
    }
}
