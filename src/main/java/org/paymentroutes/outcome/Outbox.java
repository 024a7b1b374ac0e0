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

    public List<OutboxMessage> unsent() {
        return store.unsent(BATCH);
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
        in.setBody(m.body());
    }

    public void markSent(Exchange exchange) {
        store.markSent(exchange.getProperty("outboxId", Long.class));
    }
}
